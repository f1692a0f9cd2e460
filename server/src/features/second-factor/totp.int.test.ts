import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import {
  auditActions,
  currentCode,
  enrolTotp,
  expectBadInput,
  expectSignedIn,
  MALFORMED_BODIES,
  signInWithPassword,
  wrongCode,
} from './second-factor.test-support';
import { totpCodeAt } from './totp';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('TOTP enrolment', () => {
  it('enrols with the password, confirms with a first code, then answers 10 recovery codes once', async () => {
    const user = await createTestUser(t);
    expect((await user.client.get('/api/me/second-factor')).json()).toEqual({
      totp: false,
      passkeys: 0,
      recoveryCodesLeft: 0,
    });

    const wrongPassword = await user.client.post('/api/me/totp/enroll', {
      currentPassword: 'not-my-password',
    });
    expect(wrongPassword.statusCode).toBe(403);
    expect(wrongPassword.json().error.code).toBe('invalid_password');

    const enrol = await user.client.post('/api/me/totp/enroll', { currentPassword: user.password });
    expect(enrol.statusCode).toBe(200);
    const { otpauthUri, qrCodeSvg, secret } = enrol.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(new URL(otpauthUri).searchParams.get('secret')).toBe(secret);
    expect(decodeURIComponent(otpauthUri)).toContain(user.user.email);
    expect(qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    // Not active until confirmed: signing in still needs only the password.
    expect((await user.client.get('/api/me/second-factor')).json().totp).toBe(false);
    expect((await signInWithPassword(t, user)).answer.status).toBe('signed_in');

    const bad = await user.client.post('/api/me/totp/confirm', { code: wrongCode(t, secret) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_code');

    const confirm = await user.client.post('/api/me/totp/confirm', {
      code: totpCodeAt(secret, t.clock.now()),
    });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes } = confirm.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    expect((await user.client.get('/api/me/second-factor')).json()).toEqual({
      totp: true,
      passkeys: 0,
      recoveryCodesLeft: 10,
    });
    expect(await auditActions(t, user.user.id)).toContain('totp_enabled');
    const alert = await t.smtp.waitFor(user.user.email, { subject: /authenticator app was turned on/ });
    expect(alert.text).toContain('change your password');
    expect(alert.text).not.toContain(secret);

    const again = await user.client.post('/api/me/totp/enroll', { currentPassword: user.password });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('totp_already_enabled');
  });

  it('refuses to confirm without an enrolment in progress', async () => {
    const user = await createTestUser(t);
    const res = await user.client.post('/api/me/totp/confirm', { code: '123456' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('totp_not_enrolling');
  });
});

describe('signing in with TOTP', () => {
  it('needs the code after the password; a wrong code and a used code are refused', async () => {
    const user = await createTestUser(t);
    const { secret, confirmedAt } = await enrolTotp(t, user);

    const { browser, answer } = await signInWithPassword(t, user);
    expect(answer).toEqual({
      status: 'second_factor_required',
      methods: ['totp', 'recovery_code', 'passkey'],
    });
    // The pending session opens nothing else.
    const me = await browser.get('/api/me');
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('second_factor_required');
    expect((await browser.get('/api/me/second-factor')).statusCode).toBe(401);

    const wrong = await browser.post('/api/auth/second-factor/totp', { code: wrongCode(t, secret) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'invalid_code', details: { attemptsLeft: 4 } });
    await expectSignedIn(browser, false);

    // The code that confirmed the enrolment (a step ago, still inside the window) was already used.
    const confirmCode = totpCodeAt(secret, confirmedAt);
    const replayedConfirm = await browser.post('/api/auth/second-factor/totp', { code: confirmCode });
    expect(replayedConfirm.statusCode).toBe(400);
    // (If the real clock crossed a step since, that code fell out of the window instead.)
    expect(replayedConfirm.json().error.message).toMatch(/already used|not valid/);

    const code = currentCode(t, secret);
    const ok = await browser.post('/api/auth/second-factor/totp', {
      code: `${code.slice(0, 3)} ${code.slice(3)}`,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ status: 'signed_in' });
    await expectSignedIn(browser, true);
    expect(await auditActions(t, user.user.id)).toContain('second_factor_passed');

    // The same code in another sign-in, within its 30 s: refused.
    const second = await signInWithPassword(t, user);
    const replay = await second.browser.post('/api/auth/second-factor/totp', { code });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.message).toMatch(/already used/);
    await expectSignedIn(second.browser, false);
    t.clock.advance(30_000);
    const next = await second.browser.post('/api/auth/second-factor/totp', { code: currentCode(t, secret) });
    expect(next.statusCode).toBe(200);
    await expectSignedIn(second.browser, true);
  });

  it('ends the pending sign-in after 5 wrong answers, and alerts the owner', async () => {
    const user = await createTestUser(t);
    const { secret, recoveryCodes } = await enrolTotp(t, user);
    const { browser } = await signInWithPassword(t, user);
    for (let left = 4; left >= 1; left--) {
      const res = await browser.post('/api/auth/second-factor/recovery-code', { code: 'aaaa-bbbb-cccc' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual({ attemptsLeft: left });
    }
    const fifth = await browser.post('/api/auth/second-factor/totp', { code: wrongCode(t, secret) });
    expect(fifth.statusCode).toBe(401);
    expect(fifth.json().error.code).toBe('second_factor_locked');

    // That session is gone: even the right answers no longer promote it.
    const late = await browser.post('/api/auth/second-factor/totp', { code: currentCode(t, secret) });
    expect(late.statusCode).toBe(401);
    expect(
      (await browser.post('/api/auth/second-factor/recovery-code', { code: recoveryCodes[0] })).statusCode,
    ).toBe(401);
    await expectSignedIn(browser, false);
    expect(await auditActions(t, user.user.id)).toContain('second_factor_locked');
    await t.smtp.waitFor(user.user.email, { subject: /failed sign-in attempts/ });

    // A new sign-in with the password starts a fresh count, and the right code works.
    const again = await signInWithPassword(t, user);
    const ok = await again.browser.post('/api/auth/second-factor/totp', { code: currentCode(t, secret) });
    expect(ok.statusCode).toBe(200);
  });

  it('answers 401 without a session, 409 for a session already signed in', async () => {
    const anon = await t.client().post('/api/auth/second-factor/totp', { code: '123456' });
    expect(anon.statusCode).toBe(401);
    const user = await createTestUser(t);
    const full = await user.client.post('/api/auth/second-factor/totp', { code: '123456' });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe('already_signed_in');
  });

  it('answers 409 for TOTP when the account has no authenticator app', async () => {
    // Only a passkey-less, TOTP-less account cannot be pending; fake the pending state by signing in
    // a user whose TOTP was removed behind the session's back.
    const user = await createTestUser(t);
    const { secret } = await enrolTotp(t, user);
    const { browser } = await signInWithPassword(t, user);
    const off = await user.client.request('DELETE', '/api/me/totp', {
      currentPassword: user.password,
      code: currentCode(t, secret),
    });
    expect(off.statusCode).toBe(204);
    const res = await browser.post('/api/auth/second-factor/totp', { code: '123456' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('totp_not_enabled');
  });
});

describe('recovery codes', () => {
  it('each code signs in once; the owner is alerted and sees how many are left', async () => {
    const user = await createTestUser(t);
    const { recoveryCodes } = await enrolTotp(t, user);
    const [first, second] = recoveryCodes as [string, string];

    const a = await signInWithPassword(t, user);
    const used = await a.browser.post('/api/auth/second-factor/recovery-code', { code: first.toUpperCase() });
    expect(used.statusCode, used.body).toBe(200);
    expect(used.json()).toEqual({ status: 'signed_in', remaining: 9 });
    await expectSignedIn(a.browser, true);
    const alert = await t.smtp.waitFor(user.user.email, { subject: /recovery code was used/ });
    expect(alert.text).toContain('9 unused codes');
    expect(await auditActions(t, user.user.id)).toContain('recovery_code_used');

    const b = await signInWithPassword(t, user);
    const reused = await b.browser.post('/api/auth/second-factor/recovery-code', { code: first });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.code).toBe('invalid_code');
    await expectSignedIn(b.browser, false);
    const ok = await b.browser.post('/api/auth/second-factor/recovery-code', {
      code: second.replace(/-/g, ' '),
    });
    expect(ok.json()).toEqual({ status: 'signed_in', remaining: 8 });
    expect((await user.client.get('/api/me/second-factor')).json().recoveryCodesLeft).toBe(8);
  });

  it('a new set voids the old one (password required); no set without a second factor', async () => {
    const plain = await createTestUser(t);
    const none = await plain.client.post('/api/me/recovery-codes', { currentPassword: plain.password });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('second_factor_off');

    const user = await createTestUser(t);
    const { recoveryCodes: old } = await enrolTotp(t, user);
    const wrong = await user.client.post('/api/me/recovery-codes', { currentPassword: 'nope-nope-nope' });
    expect(wrong.statusCode).toBe(403);
    const fresh = await user.client.post('/api/me/recovery-codes', { currentPassword: user.password });
    expect(fresh.statusCode).toBe(200);
    const { recoveryCodes } = fresh.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes).not.toContain(old[0]);
    await t.smtp.waitFor(user.user.email, { subject: /new recovery codes/ });
    expect(await auditActions(t, user.user.id)).toContain('recovery_codes_regenerated');

    const s = await signInWithPassword(t, user);
    expect((await s.browser.post('/api/auth/second-factor/recovery-code', { code: old[0] })).statusCode).toBe(
      400,
    );
    const ok = await s.browser.post('/api/auth/second-factor/recovery-code', { code: recoveryCodes[3] });
    expect(ok.json()).toEqual({ status: 'signed_in', remaining: 9 });
  });
});

describe('turning TOTP off', () => {
  it('needs the password and a current code; then sign-in needs only the password', async () => {
    const user = await createTestUser(t);
    const { secret } = await enrolTotp(t, user);
    const wrongPassword = await user.client.request('DELETE', '/api/me/totp', {
      currentPassword: 'wrong-password-here',
      code: currentCode(t, secret),
    });
    expect(wrongPassword.statusCode).toBe(403);
    const wrong = await user.client.request('DELETE', '/api/me/totp', {
      currentPassword: user.password,
      code: wrongCode(t, secret),
    });
    expect(wrong.statusCode).toBe(400);
    expect((await user.client.get('/api/me/second-factor')).json().totp).toBe(true);

    const off = await user.client.request('DELETE', '/api/me/totp', {
      currentPassword: user.password,
      code: currentCode(t, secret),
    });
    expect(off.statusCode).toBe(204);
    expect((await user.client.get('/api/me/second-factor')).json()).toEqual({
      totp: false,
      passkeys: 0,
      recoveryCodesLeft: 0,
    });
    await t.smtp.waitFor(user.user.email, { subject: /authenticator app was turned off/ });
    expect(await auditActions(t, user.user.id)).toContain('totp_disabled');
    expect((await signInWithPassword(t, user)).answer.status).toBe('signed_in');

    const again = await user.client.request('DELETE', '/api/me/totp', {
      currentPassword: user.password,
      code: currentCode(t, secret),
    });
    expect(again.statusCode).toBe(404);
  });
});

describe('who may manage the second factor', () => {
  it('not a personal access token, even with every scope', async () => {
    const user = await createTestUser(t);
    const created = await user.client.post('/api/me/tokens', {
      name: 'all scopes',
      scopes: ['profile:read', 'health:read', 'health:write', 'devices:read', 'devices:write', 'export'],
    });
    expect(created.statusCode).toBe(201);
    const bot = user.client.bearer(created.json().token);
    for (const [method, url, body] of [
      ['POST', '/api/me/totp/enroll', { currentPassword: user.password }],
      ['POST', '/api/me/totp/confirm', { code: '123456' }],
      ['DELETE', '/api/me/totp', { currentPassword: user.password, code: '123456' }],
      ['POST', '/api/me/recovery-codes', { currentPassword: user.password }],
    ] as const) {
      const res = await bot.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('session_required');
    }
    // A token may read the status with profile:read.
    expect((await bot.get('/api/me/second-factor')).statusCode).toBe(200);
  });

  it('not anonymous callers', async () => {
    const anon = t.client();
    expect((await anon.get('/api/me/second-factor')).statusCode).toBe(401);
    expect((await anon.post('/api/me/totp/enroll', { currentPassword: 'x' })).statusCode).toBe(401);
    expect((await anon.post('/api/me/recovery-codes', { currentPassword: 'x' })).statusCode).toBe(401);
  });

  it("one user's TOTP never answers for another", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const { secret: aliceSecret, recoveryCodes: aliceCodes } = await enrolTotp(t, alice);
    const { secret: bobSecret } = await enrolTotp(t, bob);
    const s = await signInWithPassword(t, bob);
    const withAlices = currentCode(t, aliceSecret);
    if (withAlices !== currentCode(t, bobSecret)) {
      expect((await s.browser.post('/api/auth/second-factor/totp', { code: withAlices })).statusCode).toBe(
        400,
      );
    }
    expect(
      (await s.browser.post('/api/auth/second-factor/recovery-code', { code: aliceCodes[0] })).statusCode,
    ).toBe(400);
    await expectSignedIn(s.browser, false);
    expect((await alice.client.get('/api/me/second-factor')).json().recoveryCodesLeft).toBe(10);
  });
});

describe('bad input', () => {
  const longUnicode = '💥'.repeat(5000);
  it('is a 400 in the error format on every second-factor route, and changes nothing', async () => {
    const user = await createTestUser(t);
    const { secret } = await enrolTotp(t, user);
    const pending = (await signInWithPassword(t, user)).browser;
    const cases: Array<[typeof user.client, 'POST' | 'DELETE', string, unknown[]]> = [
      [
        user.client,
        'POST',
        '/api/me/totp/enroll',
        [
          { currentPassword: 42 },
          { currentPassword: '' },
          { currentPassword: 'a'.repeat(2000) },
          { currentPassword: user.password, extra: 1 },
        ],
      ],
      [
        user.client,
        'POST',
        '/api/me/totp/confirm',
        [
          { code: 123456 },
          { code: '12345' },
          { code: 'abcdef' },
          { code: '12\u00003456' },
          { code: longUnicode },
        ],
      ],
      [
        user.client,
        'DELETE',
        '/api/me/totp',
        // No second factor at all is 403 second_factor_required (verify-second-factor.int.test.ts).
        [{ code: '123456' }, { currentPassword: user.password, code: ['123456'] }],
      ],
      [
        user.client,
        'POST',
        '/api/me/recovery-codes',
        [{ currentPassword: null }, { currentPassword: longUnicode }],
      ],
      [
        pending,
        'POST',
        '/api/auth/second-factor/totp',
        [{ code: 123456 }, { code: '1234567' }, { code: '\u0007\u0008' }, { code: longUnicode }],
      ],
      [
        pending,
        'POST',
        '/api/auth/second-factor/recovery-code',
        [{ code: '' }, { code: 12 }, { code: longUnicode }, { code: ['a'] }],
      ],
    ];
    for (const [client, method, url, bodies] of cases) {
      for (const body of bodies) await expectBadInput(client, method, url, body);
      for (const { body, raw } of MALFORMED_BODIES) await expectBadInput(client, method, url, body, raw);
    }
    const huge = await user.client.post('/api/me/totp/enroll', {
      currentPassword: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(huge.statusCode).toBe(413);
    // Nothing changed: TOTP still on, the pending session still pending and still able to finish.
    expect((await user.client.get('/api/me/second-factor')).json().totp).toBe(true);
    const ok = await pending.post('/api/auth/second-factor/totp', { code: currentCode(t, secret) });
    expect(ok.statusCode).toBe(200);
  });
});

describe('rate limits', () => {
  it('password-checked changes are limited per account (429 with Retry-After)', async () => {
    const user = await createTestUser(t);
    const other = await createTestUser(t);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push(
        (await user.client.post('/api/me/totp/enroll', { currentPassword: `wrong-${i}` })).statusCode,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 403)).toBe(true);
    expect(statuses[20]).toBe(429);
    const limited = await user.client.post('/api/me/totp/enroll', { currentPassword: user.password });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('too_many_requests');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another account (same address) is not affected.
    expect(
      (await other.client.post('/api/me/totp/enroll', { currentPassword: other.password })).statusCode,
    ).toBe(200);
  });

  it('second-step answers share one budget per account across methods and sign-ins', async () => {
    const user = await createTestUser(t);
    const { secret, recoveryCodes } = await enrolTotp(t, user);
    const a = await signInWithPassword(t, user);
    for (let i = 0; i < 4; i++) {
      expect(
        (await a.browser.post('/api/auth/second-factor/totp', { code: wrongCode(t, secret) })).statusCode,
      ).toBe(400);
    }
    expect(
      (await a.browser.post('/api/auth/second-factor/totp', { code: currentCode(t, secret) })).statusCode,
    ).toBe(200);
    const b = await signInWithPassword(t, user);
    for (let i = 0; i < 4; i++) {
      const res = await b.browser.post('/api/auth/second-factor/recovery-code', { code: 'aaaa-bbbb-cccc' });
      expect(res.statusCode).toBe(400);
    }
    const last = await b.browser.post('/api/auth/second-factor/recovery-code', { code: recoveryCodes[0] });
    expect(last.statusCode).toBe(200);
    // Ten answers in 15 minutes: the next, by any method and in a new sign-in, waits.
    const c = await signInWithPassword(t, user);
    t.clock.advance(30_000);
    const limited = await c.browser.post('/api/auth/second-factor/totp', { code: currentCode(t, secret) });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('too_many_requests');
    await expectSignedIn(c.browser, false);
    // Another account is not affected.
    const other = await createTestUser(t);
    const { secret: otherSecret } = await enrolTotp(t, other);
    const o = await signInWithPassword(t, other);
    expect(
      (await o.browser.post('/api/auth/second-factor/totp', { code: currentCode(t, otherSecret) }))
        .statusCode,
    ).toBe(200);
  });
});
