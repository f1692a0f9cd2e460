import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { users } from '../accounts';
import { signUpBody } from '../accounts/accounts.test-support';
import { addPasskey, currentCode, enrolTotp, wrongCode } from '../second-factor/second-factor.test-support';
import { privacyJobs } from './erasure.jobs';
import { erasureRequests, erasureTombstones } from './erasure.schema';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const DAY = 24 * 60 * 60 * 1000;
const purgeJob = privacyJobs.find((j) => j.name === 'privacy.purge-erasure-requests')!;
/** Runs the purge as the jobs runner would, with the app's context (and its moved clock). */
const runPurge = () => purgeJob.run(t.app.ctx, {}) as Promise<number>;

async function stateOf(userId: string) {
  const [row] = await t.database.db.select({ state: users.state }).from(users).where(eq(users.id, userId));
  return row?.state;
}

async function requestErasure(u: TestUser, extra: Record<string, unknown> = {}) {
  return u.client.post('/api/me/erasure', { currentPassword: u.password, ...extra });
}

async function cancelLinkFor(u: TestUser): Promise<string> {
  const mail = await t.smtp.waitFor(u.user.email, { subject: /will be deleted/ });
  const link = new URL(t.smtp.linkIn(mail));
  expect(link.pathname).toBe('/cancel-erasure');
  return link.searchParams.get('token')!;
}

describe('POST /api/me/erasure', () => {
  it('closes the account at once: signed out, invisible to sign-in, a mail with the cancel link', async () => {
    const u = await createTestUser(t);
    const other = await t.client().post('/api/auth/login', { email: u.user.email, password: u.password });
    expect(other.statusCode).toBe(200);

    const res = await requestErasure(u);
    expect(res.statusCode, res.body).toBe(202);
    expect(new Date(res.json().purgeAfter).getTime()).toBeGreaterThan(t.clock.now().getTime() + 6 * DAY);
    expect(await stateOf(u.user.id)).toBe('erasure_pending');
    expect((await u.client.get('/api/me')).statusCode).toBe(401);
    await cancelLinkFor(u);

    // Sign-in answers exactly as for an email nobody has.
    const signIn = await t.client().post('/api/auth/login', { email: u.user.email, password: u.password });
    const unknown = await t
      .client()
      .post('/api/auth/login', { email: 'nobody-here@example.test', password: u.password });
    expect(signIn.statusCode).toBe(401);
    expect(signIn.json()).toEqual(unknown.json());
  });

  it('refuses a wrong password with 403 and changes nothing', async () => {
    const u = await createTestUser(t);
    const res = await requestErasure(u, { currentPassword: 'not-the-password' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('invalid_password');
    expect(await stateOf(u.user.id)).toBe('active');
    expect((await u.client.get('/api/me')).statusCode).toBe(200);
    const rows = await t.database.db
      .select()
      .from(erasureRequests)
      .where(eq(erasureRequests.userId, u.user.id));
    expect(rows).toEqual([]);
  });

  it('with TOTP on, requires a valid code (or a recovery code)', async () => {
    const u = await createTestUser(t);
    const { secret } = await enrolTotp(t, u);
    const missing = await requestErasure(u);
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('second_factor_required');
    const wrong = await requestErasure(u, { secondFactorCode: wrongCode(t, secret) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('invalid_code');
    expect(await stateOf(u.user.id)).toBe('active');
    const ok = await requestErasure(u, { secondFactorCode: currentCode(t, secret) });
    expect(ok.statusCode, ok.body).toBe(202);
    expect(await stateOf(u.user.id)).toBe('erasure_pending');
  });

  it('a passkey-only account is deleted with its passkey (with the password, or alone: step-up.int.test.ts)', async () => {
    const u = await createTestUser(t);
    const { authenticator } = await addPasskey(t, u);
    // Its first factor came with recovery codes; the passkey is what this test uses.
    expect((await u.client.get('/api/me/second-factor')).json()).toMatchObject({ recoveryCodesLeft: 10 });
    const missing = await requestErasure(u);
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('second_factor_required');

    const options = await u.client.post('/api/me/second-factor/passkey/options');
    expect(options.statusCode, options.body).toBe(200);
    const ok = await requestErasure(u, { passkey: authenticator.authenticate(options.json()) });
    expect(ok.statusCode, ok.body).toBe(202);
    expect(await stateOf(u.user.id)).toBe('erasure_pending');
  });

  it('accepts a recovery code as the second factor', async () => {
    const u = await createTestUser(t);
    const { recoveryCodes } = await enrolTotp(t, u);
    const ok = await requestErasure(u, { secondFactorCode: recoveryCodes[0] });
    expect(ok.statusCode, ok.body).toBe(202);
  });

  it('cannot be done with a personal access token', async () => {
    const u = await createTestUser(t);
    const created = await u.client.post('/api/me/tokens', { name: 'cli', scopes: ['profile:read'] });
    expect(created.statusCode, created.body).toBe(201);
    const res = await u.client
      .bearer(created.json().token)
      .post('/api/me/erasure', { currentPassword: u.password });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('session_required');
    expect(await stateOf(u.user.id)).toBe('active');
  });

  it('ends personal access tokens with the account', async () => {
    const u = await createTestUser(t);
    const created = await u.client.post('/api/me/tokens', { name: 'cli', scopes: ['profile:read'] });
    const token = created.json().token as string;
    expect((await u.client.bearer(token).get('/api/me')).statusCode).toBe(200);
    expect((await requestErasure(u)).statusCode).toBe(202);
    expect((await u.client.bearer(token).get('/api/me')).statusCode).toBe(401);
  });

  it('answers bad input with 400 in the error format, and nothing anonymous', async () => {
    const u = await createTestUser(t);
    for (const body of [
      {},
      { currentPassword: '' },
      { currentPassword: 5 },
      { currentPassword: 'x', extra: 1 },
    ]) {
      const res = await u.client.post('/api/me/erasure', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBeTypeOf('string');
    }
    expect(await stateOf(u.user.id)).toBe('active');
    expect((await t.client().post('/api/me/erasure', { currentPassword: 'x' })).statusCode).toBe(401);
  });
});

describe('POST /api/erasure/cancel', () => {
  it('within 7 days restores the account; the user signs in again', async () => {
    const u = await createTestUser(t);
    expect((await requestErasure(u)).statusCode).toBe(202);
    const token = await cancelLinkFor(u);
    t.clock.advance(6 * DAY);
    const res = await t.client().post('/api/erasure/cancel', { token });
    expect(res.statusCode, res.body).toBe(204);
    expect(await stateOf(u.user.id)).toBe('active');
    const signIn = await t.client().post('/api/auth/login', { email: u.user.email, password: u.password });
    expect(signIn.statusCode, signIn.body).toBe(200);
    // Used once: the link does not work again, and the purge leaves the account alone.
    expect((await t.client().post('/api/erasure/cancel', { token })).statusCode).toBe(404);
    t.clock.advance(31 * DAY);
    await runPurge();
    expect(await stateOf(u.user.id)).toBe('active');
  });

  it('after the 7 days is 410; after the purge, 404', async () => {
    const u = await createTestUser(t);
    expect((await requestErasure(u)).statusCode).toBe(202);
    const token = await cancelLinkFor(u);
    t.clock.advance(7 * DAY + 1000);
    const late = await t.client().post('/api/erasure/cancel', { token });
    expect(late.statusCode).toBe(410);
    expect(late.json().error.code).toBe('gone');
    await runPurge();
    expect(await stateOf(u.user.id)).toBeUndefined();
    expect((await t.client().post('/api/erasure/cancel', { token })).statusCode).toBe(404);
  });

  it("cannot cancel another user's request with a forged or mixed token", async () => {
    const a = await createTestUser(t);
    const b = await createTestUser(t);
    expect((await requestErasure(a)).statusCode).toBe(202);
    expect((await requestErasure(b)).statusCode).toBe(202);
    const tokenA = await cancelLinkFor(a);
    const tokenB = await cancelLinkFor(b);
    const mixed = `${a.user.id}.${tokenB.slice(37)}`;
    expect((await t.client().post('/api/erasure/cancel', { token: mixed })).statusCode).toBe(404);
    expect(
      (await t.client().post('/api/erasure/cancel', { token: `${a.user.id}.${'x'.repeat(43)}` })).statusCode,
    ).toBe(404);
    expect(await stateOf(a.user.id)).toBe('erasure_pending');
    expect((await t.client().post('/api/erasure/cancel', { token: tokenA })).statusCode).toBe(204);
    expect(await stateOf(b.user.id)).toBe('erasure_pending');
  });

  it('answers bad input with 400 or 404, never 500', async () => {
    const anon = t.client();
    for (const body of [{}, { token: 5 }, { token: '' }, { token: 'x'.repeat(500) }]) {
      expect((await anon.post('/api/erasure/cancel', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await anon.post('/api/erasure/cancel', { token: 'not-a-token' })).statusCode).toBe(404);
  });
});

describe('the purge job', () => {
  it('mails a receipt, deletes the account, leaves a tombstone; the email can sign up again', async () => {
    const u = await createTestUser(t);
    expect((await requestErasure(u)).statusCode).toBe(202);
    await cancelLinkFor(u);
    const tombstonesBefore = (await t.database.db.select().from(erasureTombstones)).length;

    await runPurge(); // not due yet
    expect(await stateOf(u.user.id)).toBe('erasure_pending');

    t.clock.advance(8 * DAY);
    expect(await runPurge()).toBeGreaterThanOrEqual(1);
    const receipt = await t.smtp.waitFor(u.user.email, { subject: /has been deleted/ });
    expect(receipt.text).not.toContain(u.user.id);
    expect(await stateOf(u.user.id)).toBeUndefined();
    const tombstones = await t.database.db.select().from(erasureTombstones);
    expect(tombstones.length).toBeGreaterThan(tombstonesBefore);
    expect(JSON.stringify(tombstones)).not.toContain(u.user.id);

    const signUp = await t.client().post('/api/auth/signup', signUpBody({ email: u.user.email }));
    expect(signUp.statusCode, signUp.body).toBe(202);
    // A new account, not the "someone tried to sign up with your address" notice.
    await t.smtp.waitFor(u.user.email, { subject: /Confirm your email/ });
  });

  it('holds the 30-day guarantee whatever the stored dates say (a run after long downtime catches up)', async () => {
    const u = await createTestUser(t);
    expect((await requestErasure(u)).statusCode).toBe(202);
    await cancelLinkFor(u);
    // Even a request whose purge date was pushed far out is purged once it is 30 days old.
    await t.database.db
      .update(erasureRequests)
      .set({ purgeAfter: new Date(t.clock.now().getTime() + 365 * DAY) })
      .where(eq(erasureRequests.userId, u.user.id));
    t.clock.advance(29 * DAY);
    await runPurge();
    expect(await stateOf(u.user.id)).toBe('erasure_pending');
    t.clock.advance(1 * DAY + 1000);
    await runPurge();
    expect(await stateOf(u.user.id)).toBeUndefined();
  });
});
