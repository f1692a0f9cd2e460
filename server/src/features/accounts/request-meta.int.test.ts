import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createAuditRepo } from '../audit';

/**
 * Services get where a call came from as a small value (lib/request-meta.ts), never the request: the
 * audit trail keeps the client's address and browser, also when a queued job does the work later.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('request meta in the audit trail', () => {
  it('a sign-in and a reset asked for by address (done by a job) keep the address and the browser', async () => {
    const u = await createTestUser(t);
    const browser = t.client();
    browser.userAgent = 'MetaCheck/1.0 (request-meta test)';
    expect((await browser.post('/api/auth/forgot-password', { email: u.user.email })).statusCode).toBe(202);
    await t.smtp.waitFor(u.user.email, { subject: /Reset your password/ });
    const login = await browser.post('/api/auth/login', { email: u.user.email, password: u.password });
    expect(login.statusCode, login.body).toBe(200);

    const events = await createAuditRepo(t.database.db).listForUser(u.user.id, { limit: 20 });
    const where = { ip: '127.0.0.1', userAgent: 'MetaCheck/1.0 (request-meta test)' };
    expect(events.find((e) => e.action === 'password_reset_requested')).toMatchObject(where);
    expect(events.find((e) => e.action === 'login_succeeded')).toMatchObject(where);
  });
});
