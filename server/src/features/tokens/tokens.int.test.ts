import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { totpCodeAt } from '../second-factor/second-factor.test-support';
import {
  auditActions,
  expectBadInput,
  MALFORMED_BODIES,
  signInWithPassword,
} from '../second-factor/second-factor.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function createToken(user: TestUser, body: Record<string, unknown>) {
  const res = await user.client.post('/api/me/tokens', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string; scopes: string[]; expiresAt: string | null };
}

describe('creating and listing tokens', () => {
  it('shows the token once, stores only its hash, and lists it without the secret', async () => {
    const user = await createTestUser(t);
    const created = await createToken(user, { name: 'backup script', scopes: ['health:read', 'export'] });
    expect(created).toMatchObject({
      name: 'backup script',
      scopes: ['export', 'health:read'],
      lastUsedAt: null,
      expiresAt: null,
    });
    expect(created.token).toMatch(new RegExp(`^vbp_${user.user.id}\\.[A-Za-z0-9_-]{43}$`));
    const secret = created.token.split('.')[1]!;

    const list = await user.client.get('/api/me/tokens');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      {
        id: created.id,
        name: 'backup script',
        scopes: ['export', 'health:read'],
        createdAt: expect.any(String),
        lastUsedAt: null,
        expiresAt: null,
      },
    ]);
    expect(list.body).not.toContain(secret);
    const { rows } = await t.database.raw.query<{ secret_hash: string }>(
      'SELECT secret_hash FROM personal_access_tokens WHERE user_id = $1',
      [user.user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secret_hash).not.toContain(secret);

    expect(await auditActions(t, user.user.id)).toContain('token_created');
    const alert = await t.smtp.waitFor(user.user.email, { subject: /personal access token was created/ });
    expect(alert.text).toContain('backup script');
    expect(alert.text).not.toContain(secret);
  });

  it('sets an expiry when asked', async () => {
    const user = await createTestUser(t);
    const before = t.clock.now().getTime();
    const created = await createToken(user, { name: 'week', scopes: ['profile:read'], expiresInDays: 7 });
    const expires = new Date(created.expiresAt!).getTime();
    expect(expires - before).toBeGreaterThanOrEqual(7 * 24 * 3600 * 1000);
    expect(expires - before).toBeLessThan(7 * 24 * 3600 * 1000 + 60_000);
  });
});

describe('signing in with a token', () => {
  it('carries its scopes: allowed with the scope, 403 insufficient_scope without', async () => {
    const user = await createTestUser(t);
    const reader = user.client.bearer(
      (await createToken(user, { name: 'r', scopes: ['profile:read'] })).token,
    );
    const other = user.client.bearer((await createToken(user, { name: 'h', scopes: ['health:read'] })).token);

    const ok = await reader.get('/api/me/second-factor');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0 });

    const denied = await other.get('/api/me/second-factor');
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('insufficient_scope');
  });

  it('writes last-used at most once a minute', async () => {
    const user = await createTestUser(t);
    const created = await createToken(user, { name: 'cli', scopes: ['profile:read'] });
    const bot = user.client.bearer(created.token);
    const lastUsed = async () =>
      (await user.client.get('/api/me/tokens')).json()[0].lastUsedAt as string | null;

    expect((await bot.get('/api/me/second-factor')).statusCode).toBe(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    t.clock.advance(10_000);
    await bot.get('/api/me/second-factor');
    expect(await lastUsed()).toBe(first);
    t.clock.advance(60_000);
    await bot.get('/api/me/second-factor');
    const third = await lastUsed();
    expect(new Date(third!).getTime()).toBeGreaterThan(new Date(first!).getTime());
  });

  it('is 401 once revoked, once expired, for a disabled account, and for anything malformed', async () => {
    const user = await createTestUser(t);
    const revoked = await createToken(user, { name: 'to revoke', scopes: ['profile:read'] });
    const bot = user.client.bearer(revoked.token);
    expect((await bot.get('/api/me/second-factor')).statusCode).toBe(200);
    const del = await user.client.delete(`/api/me/tokens/${revoked.id}`);
    expect(del.statusCode).toBe(204);
    const after = await bot.get('/api/me/second-factor');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthorized');
    expect(await auditActions(t, user.user.id)).toContain('token_revoked');
    expect((await user.client.delete(`/api/me/tokens/${revoked.id}`)).statusCode).toBe(404);

    const expiring = await createToken(user, { name: 'a day', scopes: ['profile:read'], expiresInDays: 1 });
    const shortLived = user.client.bearer(expiring.token);
    expect((await shortLived.get('/api/me/second-factor')).statusCode).toBe(200);
    t.clock.advance(24 * 3600 * 1000 + 1000);
    expect((await shortLived.get('/api/me/second-factor')).statusCode).toBe(401);

    const lasting = await createToken(user, { name: 'lasting', scopes: ['profile:read'] });
    const lastingBot = user.client.bearer(lasting.token);
    expect((await lastingBot.get('/api/me/second-factor')).statusCode).toBe(200);
    await t.database.db.update(users).set({ state: 'disabled' }).where(eq(users.id, user.user.id));
    expect((await lastingBot.get('/api/me/second-factor')).statusCode).toBe(401);

    const [, secret] = lasting.token.split('.');
    for (const forged of [
      'vbp_garbage',
      `vbp_${user.user.id}.${'A'.repeat(43)}`,
      lasting.token.replace('vbp_', ''),
      `vbp_${crypto.randomUUID()}.${secret}`,
      `${lasting.token}x`,
    ]) {
      const res = await user.client.bearer(forged).get('/api/me/second-factor');
      expect(res.statusCode, forged).toBe(401);
    }
  });

  it('can never manage tokens, sessions or the second factor', async () => {
    const user = await createTestUser(t);
    const everything = await createToken(user, {
      name: 'everything',
      scopes: ['profile:read', 'health:read', 'health:write', 'devices:read', 'devices:write', 'export'],
    });
    const bot = user.client.bearer(everything.token);
    for (const [method, url, body] of [
      ['GET', '/api/me/tokens', undefined],
      ['POST', '/api/me/tokens', { name: 'child', scopes: ['profile:read'] }],
      ['DELETE', `/api/me/tokens/${everything.id}`, undefined],
      ['GET', '/api/me/passkeys', undefined],
      ['POST', '/api/me/passkeys/options', {}],
      ['POST', '/api/me/totp/enroll', { currentPassword: user.password }],
    ] as const) {
      const res = await bot.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('session_required');
    }
    // Nothing was created or revoked.
    const list = (await user.client.get('/api/me/tokens')).json();
    expect(list.map((x: { id: string }) => x.id)).toEqual([everything.id]);
  });

  it('a sign-in still waiting for its second factor cannot manage tokens', async () => {
    const user = await createTestUser(t);
    const enrol = await user.client.post('/api/me/totp/enroll', { currentPassword: user.password });
    await user.client.post('/api/me/totp/confirm', { code: totpCodeAt(enrol.json().secret, t.clock.now()) });
    const { browser, answer } = await signInWithPassword(t, user);
    expect(answer.status).toBe('second_factor_required');
    expect((await browser.get('/api/me/tokens')).statusCode).toBe(401);
    expect((await browser.post('/api/me/tokens', { name: 'x', scopes: ['profile:read'] })).statusCode).toBe(
      401,
    );
  });
});

describe("another user's tokens", () => {
  it('cannot be listed or revoked (404), and keep working', async () => {
    const alice = await createTestUser(t);
    const mallory = await createTestUser(t);
    const token = await createToken(alice, { name: 'alice script', scopes: ['profile:read'] });
    await createToken(mallory, { name: 'mallory script', scopes: ['profile:read'] });

    const list = (await mallory.client.get('/api/me/tokens')).json();
    expect(list.map((x: { name: string }) => x.name)).toEqual(['mallory script']);
    const del = await mallory.client.delete(`/api/me/tokens/${token.id}`);
    expect(del.statusCode).toBe(404);
    expect(del.json().error.code).toBe('not_found');
    expect((await alice.client.bearer(token.token).get('/api/me/second-factor')).statusCode).toBe(200);
    expect((await alice.client.get('/api/me/tokens')).json()).toHaveLength(1);
  });

  it('a token only ever acts as its own user', async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const token = await createToken(alice, { name: 'alice', scopes: ['profile:read'] });
    // Bob's user id with Alice's secret is not a token.
    const swapped = token.token.replace(alice.user.id, bob.user.id);
    expect((await alice.client.bearer(swapped).get('/api/me/second-factor')).statusCode).toBe(401);
  });
});

describe('bad input', () => {
  it('is a 400 in the error format, and nothing is created', async () => {
    const user = await createTestUser(t);
    for (const body of [
      { scopes: ['profile:read'] },
      { name: 'x' },
      { name: '', scopes: ['profile:read'] },
      { name: '   ', scopes: ['profile:read'] },
      { name: 'tab\there', scopes: ['profile:read'] },
      { name: 'nul\u0000', scopes: ['profile:read'] },
      { name: '🙂'.repeat(200), scopes: ['profile:read'] },
      { name: 42, scopes: ['profile:read'] },
      { name: 'x', scopes: [] },
      { name: 'x', scopes: 'profile:read' },
      { name: 'x', scopes: ['admin'] },
      { name: 'x', scopes: ['profile:read'], expiresInDays: 0 },
      { name: 'x', scopes: ['profile:read'], expiresInDays: 1.5 },
      { name: 'x', scopes: ['profile:read'], expiresInDays: '7' },
      { name: 'x', scopes: ['profile:read'], expiresInDays: 100000 },
      { name: 'x', scopes: ['profile:read'], userId: crypto.randomUUID() },
    ]) {
      await expectBadInput(user.client, 'POST', '/api/me/tokens', body);
    }
    for (const { body, raw } of MALFORMED_BODIES)
      await expectBadInput(user.client, 'POST', '/api/me/tokens', body, raw);
    for (const id of ['not-a-uuid', '1', `${crypto.randomUUID()}x`, "'; DROP TABLE x; --"]) {
      await expectBadInput(user.client, 'DELETE', `/api/me/tokens/${encodeURIComponent(id)}`, undefined);
    }
    expect((await user.client.get('/api/me/tokens')).json()).toEqual([]);
  });

  it('a unicode name within bounds is kept as given', async () => {
    const user = await createTestUser(t);
    const created = await createToken(user, { name: '  Zoë’s 体重 script  ', scopes: ['profile:read'] });
    expect((await user.client.get('/api/me/tokens')).json()[0].name).toBe('Zoë’s 体重 script');
    expect(created.id).toBeTruthy();
  });
});
