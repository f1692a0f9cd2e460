import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';

/** The account's preferences (preferences.routes.ts): units and the dismissed second-factor banner. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** Another browser of the same person: a fresh password sign-in. */
async function secondBrowser(u: TestUser) {
  const browser = t.client();
  const res = await browser.post('/api/auth/login', { email: u.user.email, password: u.password });
  expect(res.json().status).toBe('signed_in');
  return browser;
}

describe('units', () => {
  it('start empty (the language decides), are saved per account and read from another browser', async () => {
    const u = await createTestUser(t);
    expect((await u.client.get('/api/me/preferences')).json()).toEqual({
      units: {},
      secondFactorNudgeDismissedAt: null,
    });
    const saved = await u.client.put('/api/me/preferences/units', { mass: 'st', height: 'ft_in' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().units).toEqual({ mass: 'st', height: 'ft_in' });

    const other = await secondBrowser(u);
    expect((await other.get('/api/me/preferences')).json().units).toEqual({ mass: 'st', height: 'ft_in' });
    // A PUT replaces the whole choice: a quantity left out goes back to the language's default.
    await other.put('/api/me/preferences/units', {
      mass: 'lb',
      height: 'cm',
      distance: 'mi',
      temperature: '°F',
    });
    expect((await u.client.get('/api/me/preferences')).json().units).toEqual({
      mass: 'lb',
      height: 'cm',
      distance: 'mi',
      temperature: '°F',
    });
  });

  it("are one account's: another user's choice changes nothing of mine", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    await alice.client.put('/api/me/preferences/units', { mass: 'kg' });
    await bob.client.put('/api/me/preferences/units', { mass: 'lb', temperature: '°F' });
    expect((await alice.client.get('/api/me/preferences')).json().units).toEqual({ mass: 'kg' });
    expect((await bob.client.get('/api/me/preferences')).json().units).toEqual({
      mass: 'lb',
      temperature: '°F',
    });
  });

  it('refuses an unknown unit or quantity with a 400 that does not echo it, and keeps the saved ones', async () => {
    const u = await createTestUser(t);
    await u.client.put('/api/me/preferences/units', { mass: 'lb' });
    for (const body of [
      { mass: 'g' },
      { height: 'in' },
      { distance: 'm' },
      { temperature: 'K' },
      { temperature: 'F' },
      { mass: 5 },
      { mass: null },
      { shoeSize: 'eu' },
      { mass: '<script>kg' },
      ['kg'],
    ]) {
      const res = await u.client.put('/api/me/preferences/units', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
      expect(res.body).not.toContain('<script>');
    }
    const raw = await u.client.request('PUT', '/api/me/preferences/units', '{"mass":', {
      headers: { 'content-type': 'application/json' },
    });
    expect(raw.statusCode).toBe(400);
    expect((await u.client.get('/api/me/preferences')).json().units).toEqual({ mass: 'lb' });
  });

  it('are for a browser session: 401 without one, 403 with a token', async () => {
    const u = await createTestUser(t);
    expect((await t.client().get('/api/me/preferences')).statusCode).toBe(401);
    expect((await t.client().put('/api/me/preferences/units', { mass: 'kg' })).statusCode).toBe(401);
    const created = await u.client.post('/api/me/tokens', { name: 'cli', scopes: ['profile:read'] });
    const res = await u.client.bearer(created.json().token).get('/api/me/preferences');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('session_required');
  });
});

describe('the second-factor banner', () => {
  it('is dismissed for the account (every browser), and can be brought back', async () => {
    const u = await createTestUser(t);
    const before = t.clock.now().getTime();
    const dismissed = await u.client.put('/api/me/preferences/second-factor-nudge', { dismissed: true });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    const at = dismissed.json().secondFactorNudgeDismissedAt as string;
    expect(Date.parse(at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(at)).toBeLessThanOrEqual(t.clock.now().getTime());
    // Units saved later leave the dismissal alone.
    await u.client.put('/api/me/preferences/units', { mass: 'kg' });
    const other = await secondBrowser(u);
    expect((await other.get('/api/me/preferences')).json()).toEqual({
      units: { mass: 'kg' },
      secondFactorNudgeDismissedAt: at,
    });
    await other.put('/api/me/preferences/second-factor-nudge', { dismissed: false });
    expect((await u.client.get('/api/me/preferences')).json().secondFactorNudgeDismissedAt).toBeNull();
    for (const body of [{}, { dismissed: 'yes' }, { dismissed: true, extra: 1 }]) {
      expect((await u.client.put('/api/me/preferences/second-factor-nudge', body)).statusCode).toBe(400);
    }
  });
});
