import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../lib/context';
import { loadConfig } from '../../config';
import { createTestApp, type TestApp } from '../../test/harness';
import { BrowserClient, signIn, signUpAndVerify, signUpBody } from './accounts.test-support';
import { createUserAsOperator } from './operator.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe("the account's time zone (docs/time-zones.md)", () => {
  it("records the browser's zone at sign-up, and UTC when none is given", async () => {
    const paris = await signUpAndVerify(t, { timeZone: 'Europe/Paris' });
    const me = await (await signIn(t, paris.email, paris.password)).get('/api/me');
    expect(me.json()).toMatchObject({ timeZone: 'Europe/Paris' });
    const none = await signUpAndVerify(t);
    expect((await (await signIn(t, none.email, none.password)).get('/api/me')).json()).toMatchObject({
      timeZone: 'UTC',
    });
  });

  it('refuses a zone that is not an IANA name, pointing at the field', async () => {
    for (const timeZone of ['Mars/Olympus_Mons', '+01:00', 'Europe/Paris; DROP', '']) {
      const res = await new BrowserClient(t).post('/api/auth/signup', signUpBody({ timeZone }));
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.error.code).toBe('invalid_input');
      expect(JSON.stringify(body.error.details)).toContain('timeZone');
    }
  });

  it('is changed on the account page and validated there too', async () => {
    const la = await signUpAndVerify(t, { timeZone: 'America/Los_Angeles' });
    const browser = await signIn(t, la.email, la.password);
    const bad = await browser.patch('/api/me', { timeZone: 'Nowhere/Land' });
    expect(bad.statusCode).toBe(400);
    const ok = await browser.patch('/api/me', { timeZone: 'Asia/Kolkata' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await browser.get('/api/me')).json()).toMatchObject({ timeZone: 'Asia/Kolkata' });
  });

  it("dates a security alert in the account's zone, named", async () => {
    const la = await signUpAndVerify(t, { timeZone: 'America/Los_Angeles' });
    const browser = await signIn(t, la.email, la.password);
    const res = await browser.post('/api/me/password', {
      currentPassword: la.password,
      newPassword: 'Another-Quite-Long-Passphrase-42',
    });
    expect(res.statusCode, res.body).toBe(200);
    const mail = await t.smtp.waitFor(la.email, { subject: /password was changed/ });
    const local = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'long',
      timeZone: 'America/Los_Angeles',
    }).format(t.clock.now());
    expect(mail.text).toContain('(America/Los_Angeles)');
    expect(mail.text).toContain(local);
    expect(mail.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('is given to an operator-made account (vitalbase user create --time-zone), and refused when unknown', async () => {
    const ctx = createAppContext({ config: loadConfig({ LOG_LEVEL: 'silent' }), database: t.database });
    const input = { displayName: 'Made', birthDate: '1980-01-01', country: 'FR' };
    const { user } = await createUserAsOperator(ctx, {
      ...input,
      email: `tz-${Date.now()}@example.test`,
      timeZone: 'America/Los_Angeles',
    });
    const [row] = (await t.database.raw.query('SELECT time_zone FROM users WHERE id = $1', [user.id])).rows;
    expect(row).toEqual({ time_zone: 'America/Los_Angeles' });
    await expect(
      createUserAsOperator(ctx, { ...input, email: `tz2-${Date.now()}@example.test`, timeZone: 'Paris' }),
    ).rejects.toThrow(/timeZone/);
  });
});
