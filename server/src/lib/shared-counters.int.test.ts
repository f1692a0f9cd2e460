import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type App, createApp } from '../app';
import { createTestApp, type TestApp } from '../test/harness';
import { BrowserClient, uniqueEmail } from '../features/accounts/accounts.test-support';

/**
 * Two app servers on one database (issue #19): the limits a client meets do not depend on which
 * server answers. Each app has its own plugins and hooks (nothing in memory is shared between them);
 * only the database is.
 */
let t: TestApp;
let second: App;
beforeAll(async () => {
  t = await createTestApp();
  second = await createApp({ config: t.config, database: t.database, now: t.clock.now, logger: false });
  await second.ready();
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

const onA = (address: string) => new BrowserClient(t, address);
const onB = (address: string) => new BrowserClient({ ...t, app: second }, address);

describe('limits shared by every server', () => {
  it('counts a rate limit across servers: reset requests per email, alternating A and B', async () => {
    const email = uniqueEmail();
    const statuses: number[] = [];
    for (const [i, client] of [onA, onB, onA, onB].entries()) {
      const res = await client(`10.77.0.${i + 1}`).post('/api/auth/forgot-password', { email });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
  });

  it('slows failed sign-ins across servers: three failures on A, the next attempt on B waits', async () => {
    const email = uniqueEmail();
    const address = '10.77.1.1';
    // The wait is 1 s from the last failure on the app's clock: frozen, so that a pause of a loaded
    // machine before the fourth attempt cannot outlast it.
    t.clock.freeze();
    onTestFinished(() => t.clock.resume());
    for (let i = 0; i < 3; i++) {
      const res = await onA(address).post('/api/auth/login', { email, password: `wrong-${i}` });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await onB(address).post('/api/auth/login', { email, password: 'wrong-3' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
  });
});
