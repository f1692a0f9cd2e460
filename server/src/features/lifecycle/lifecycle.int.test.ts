import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  createTestUser,
  newSessionCookie,
  type TestApp,
  type TestUser,
} from '../../test/harness';
import { SESSION_COOKIE, users } from '../accounts';
import { createErasureService } from '../erasure';
import { createStaffMember } from '../operator/operator.test-support';
import { createInactivityService } from './inactivity.service';
import { createSuspensionService } from './suspension.service';

const DAY = 24 * 60 * 60 * 1000;
let t: TestApp;
let officer: TestUser;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const stateOf = async (userId: string) =>
  (await t.database.db.select({ state: users.state }).from(users).where(eq(users.id, userId)))[0]?.state;
const mailsTo = (email: string, subject: RegExp) =>
  t.smtp.messages.filter((m) => m.to.includes(email) && subject.test(m.subject)).length;
/** The officer's browser, with a fresh session (the clock may have moved past the last one). */
async function officerClient() {
  officer.client.setCookie(SESSION_COOKIE, await newSessionCookie(t, officer.user.id));
  return officer.client;
}

describe('inactivity (P21) on the test clock', () => {
  it('mails 60 and 30 days before, once each, then closes through the erasure path', async () => {
    const now = t.clock.now();
    const u = await createTestUser(t, { lastActiveAt: now });
    const run = () => createInactivityService(t.app.ctx).run();
    const years = t.config.inactivityCloseYears;
    expect(years).toBe(5);
    const closeOn = new Date(now);
    closeOn.setUTCFullYear(closeOn.getUTCFullYear() + years);

    t.clock.advance(closeOn.getTime() - now.getTime() - 61 * DAY);
    await run();
    expect(mailsTo(u.user.email, /closed in/)).toBe(0);

    t.clock.advance(2 * DAY); // 59 days left
    await run();
    await run(); // a second run (or a second server) mails nothing more
    expect(mailsTo(u.user.email, /closed in 59 days/)).toBe(1);

    t.clock.advance(30 * DAY); // 29 days left: the notice moves the date to 30 days from now
    await run();
    await run();
    expect(mailsTo(u.user.email, /closed in 30 days/)).toBe(1); // a 30-day notice always gives 30 days
    expect(await stateOf(u.user.id)).toBe('active');

    t.clock.advance(30 * DAY); // past the date, and 30 days after the last notice
    await run();
    expect(await stateOf(u.user.id)).toBe('erasure_pending');
    const closed = await t.smtp.waitFor(u.user.email, { subject: /closed after years/ });
    expect(closed.text).toContain('/cancel-erasure?token=');

    t.clock.advance(8 * DAY);
    await createErasureService(t.app.ctx).purgeDue();
    expect(await stateOf(u.user.id)).toBeUndefined();
    await t.smtp.waitFor(u.user.email, { subject: /has been deleted/ });
  });

  it('counts a session’s activity as use: a user who comes back is not closed', async () => {
    const now = t.clock.now();
    const u = await createTestUser(t, { lastActiveAt: now });
    t.clock.advance(5 * 365 * DAY - 40 * DAY);
    await createInactivityService(t.app.ctx).run();
    expect(mailsTo(u.user.email, /will be closed in/)).toBe(1);
    // The user signs in (a fresh session) and uses the app.
    u.client.setCookie(SESSION_COOKIE, await newSessionCookie(t, u.user.id));
    t.clock.advance(2 * 60 * 1000);
    expect((await u.client.get('/api/me')).statusCode).toBe(200);
    t.clock.advance(100 * DAY);
    await createInactivityService(t.app.ctx).run();
    expect(await stateOf(u.user.id)).toBe('active');
    expect(mailsTo(u.user.email, /will be closed in/)).toBe(1);
  });

  it('never closes without a 30-day notice sent 30 days before (a late run moves the date back)', async () => {
    const u = await createTestUser(t, { lastActiveAt: new Date(t.clock.now().getTime() - 6 * 365 * DAY) });
    await createInactivityService(t.app.ctx).run();
    expect(await stateOf(u.user.id)).toBe('active');
    expect(mailsTo(u.user.email, /closed in 30 days/)).toBe(1);
    t.clock.advance(30 * DAY);
    await createInactivityService(t.app.ctx).run();
    expect(await stateOf(u.user.id)).toBe('erasure_pending');
  });
});

describe('suspension (P22) on the test clock', () => {
  // After the inactivity timelines (years on the clock): an officer of today.
  beforeAll(async () => {
    officer = await createStaffMember(t, ['privacy_officer']);
  });

  it('mails the reason, lets the session answer, export and read only, and closes after 15 days', async () => {
    const u = await createTestUser(t);
    const officerBrowser = await officerClient();
    const res = await officerBrowser.post('/api/admin/suspensions', {
      user: u.user.email,
      reason: 'Data injected by a script into other people’s shared views.',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ state: 'active', email: u.user.email });
    const mail = await t.smtp.waitFor(u.user.email, { subject: /suspended/ });
    expect(mail.text).toContain('Data injected by a script');
    expect(mail.text).toContain(`${t.config.publicUrl}/support`);

    const mine = await u.client.get('/api/me/suspension');
    expect(mine.json()).toMatchObject({ suspended: true, answerUrl: `${t.config.publicUrl}/support` });
    expect((await u.client.get('/api/me')).statusCode).toBe(200); // reads stay open
    const write = await u.client.put('/api/me/goals/steps', { value: 9000 });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('account_suspended');
    const exportRes = await u.client.post('/api/privacy/exports', {});
    expect(exportRes.statusCode, exportRes.body).toBeLessThan(300);

    t.clock.advance(14 * DAY);
    await createSuspensionService(t.app.ctx).closeUnrectified();
    expect(await stateOf(u.user.id)).toBe('suspended');
    t.clock.advance(1 * DAY + 60_000);
    await createSuspensionService(t.app.ctx).closeUnrectified();
    expect(await stateOf(u.user.id)).toBe('erasure_pending');
    const closed = await t.smtp.waitFor(u.user.email, { subject: /is closed/ });
    expect(closed.text).not.toContain('cancel-erasure'); // no self-cancel of a closure the officer decided
    const list = await (await officerClient()).get('/api/admin/suspensions');
    expect(list.json().suspensions.find((s: { userId: string }) => s.userId === u.user.id)).toMatchObject({
      state: 'closed',
    });
  });

  it('mails a French account its suspension and its lifting in French, the reason as written', async () => {
    const u = await createTestUser(t, { locale: 'fr', timeZone: 'Europe/Paris' });
    const browser = await officerClient();
    const res = await browser.post('/api/admin/suspensions', {
      user: u.user.id,
      reason: 'Des données injectées par un script.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const mail = await t.smtp.waitFor(u.user.email, { subject: /votre compte est suspendu/ });
    expect(mail.text).toContain('Des données injectées par un script.');
    expect(mail.text).toMatch(
      /répondre jusqu’au \d{1,2} \p{L}+ \d{4} à \d{2}:\d{2} \(Europe\/Paris\)\u00a0:/u,
    );
    expect(mail.text).not.toMatch(/Hello|suspended/);
    await browser.post(`/api/admin/suspensions/${res.json().id}/lift`, { reason: 'Vérifié.' });
    await t.smtp.waitFor(u.user.email, { subject: /n’est plus suspendu/ });
  });

  it('lifting restores everything: writes and the account’s state', async () => {
    const u = await createTestUser(t);
    const browser = await officerClient();
    const { id } = (
      await browser.post('/api/admin/suspensions', { user: u.user.id, reason: 'Check.' })
    ).json();
    expect((await u.client.put('/api/me/goals/steps', { value: 9000 })).statusCode).toBe(403);
    const lifted = await browser.post(`/api/admin/suspensions/${id}/lift`, {
      reason: 'Explained: a shared device.',
    });
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json().state).toBe('lifted');
    expect(await stateOf(u.user.id)).toBe('active');
    expect((await u.client.put('/api/me/goals/steps', { value: 9000 })).statusCode).toBe(200);
    await t.smtp.waitFor(u.user.email, { subject: /no longer suspended/ });
    // Lifting twice, or a suspension that is not there: 409 and 404.
    expect((await browser.post(`/api/admin/suspensions/${id}/lift`, { reason: 'x' })).statusCode).toBe(409);
    expect(
      (await browser.post(`/api/admin/suspensions/${crypto.randomUUID()}/lift`, { reason: 'x' })).statusCode,
    ).toBe(404);
    // Closing it 15 days later does nothing: it was lifted.
    t.clock.advance(16 * DAY);
    await createSuspensionService(t.app.ctx).closeUnrectified();
    expect(await stateOf(u.user.id)).toBe('active');
  });

  it('a court order closes at once, recorded as a legal case', async () => {
    const u = await createTestUser(t);
    const res = await (await officerClient()).post('/api/admin/court-orders', {
      user: u.user.email,
      caseRef: 'TJ-Paris-2026-0142',
      authority: 'Tribunal judiciaire de Paris',
      reason: 'Judicial order to close the account.',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ state: 'closed', legalCaseRef: 'TJ-Paris-2026-0142' });
    expect(await stateOf(u.user.id)).toBe('erasure_pending');
    expect((await u.client.get('/api/me')).statusCode).toBe(401);
  });

  it('refuses an unknown account, a suspended one twice, and another role', async () => {
    const browser = await officerClient();
    expect(
      (await browser.post('/api/admin/suspensions', { user: 'nobody@example.test', reason: 'x' })).statusCode,
    ).toBe(404);
    const u = await createTestUser(t);
    expect(
      (await browser.post('/api/admin/suspensions', { user: u.user.email, reason: 'x' })).statusCode,
    ).toBe(201);
    const again = await browser.post('/api/admin/suspensions', { user: u.user.email, reason: 'x' });
    expect(again.statusCode).toBe(409);
    const support = await createStaffMember(t, ['support']);
    const refused = await support.client.post('/api/admin/suspensions', { user: u.user.email, reason: 'x' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('staff_role_required');
  });

  it('a closing run cut off by a failover is finished by the next run, which closes the others too', async () => {
    const [a, b] = [await createTestUser(t), await createTestUser(t)];
    const browser = await officerClient();
    for (const u of [a, b]) {
      const res = await browser.post('/api/admin/suspensions', { user: u.user.email, reason: 'Spam.' });
      expect(res.statusCode, res.body).toBe(201);
    }
    t.clock.advance(15 * DAY + 60_000);
    // The run closed a's account, then lost its database before marking the suspension closed.
    await createErasureService(t.app.ctx).closeBySystem(a.user.id, { cancellable: false });
    const run = () => createSuspensionService(t.app.ctx).closeUnrectified();
    await run();
    await run(); // and a doubled run changes nothing more
    expect(await stateOf(b.user.id)).toBe('erasure_pending');
    const list = (await (await officerClient()).get('/api/admin/suspensions')).json().suspensions as Array<{
      userId: string;
      state: string;
    }>;
    expect(list.filter((s) => s.userId === a.user.id || s.userId === b.user.id).map((s) => s.state)).toEqual([
      'closed',
      'closed',
    ]);
    await t.smtp.waitFor(a.user.email, { subject: /is closed/ });
    await t.smtp.waitFor(b.user.email, { subject: /is closed/ });
    expect(mailsTo(a.user.email, /is closed/)).toBe(1);
  });
});
