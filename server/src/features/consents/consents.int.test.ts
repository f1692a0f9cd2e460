import { consentPurposes, consentWordings } from '@vitalbase/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { hasConsent } from './has-consent';

/** Version 1 of the privacy policy (the seed) is in force on a fresh database. */
const PRIVACY_POLICY_VERSION = '1';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { privacyContact: 'privacy@vitalbase.example' } });
});
afterAll(() => t?.close());

const give = (purpose: string, extra: Record<string, unknown> = {}) => ({
  granted: true,
  wordingVersion: consentWordings.marketing_email.version,
  ...extra,
  ...(purpose === 'research' ? { form: { acknowledgesScope: true, acknowledgesWithdrawal: true } } : {}),
});

describe('GET /api/me/consents', () => {
  it('lists every purpose, off by default, with the wording in force', async () => {
    const { client } = await createTestUser(t);
    const res = await client.get('/api/me/consents');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.policyVersion).toBe(PRIVACY_POLICY_VERSION);
    expect(body.consents.map((c: { purpose: string }) => c.purpose)).toEqual([...consentPurposes]);
    for (const c of body.consents) {
      expect(c.granted).toBe(false);
      expect(c.chosenWordingVersion).toBeNull();
      expect(c.text).toBe(consentWordings[c.purpose as keyof typeof consentWordings].text);
    }
  });

  it('is 401 without a session', async () => {
    expect((await t.client().get('/api/me/consents')).statusCode).toBe(401);
    expect((await t.client().get('/api/me/consents/history')).statusCode).toBe(401);
  });
});

describe('PUT /api/me/consents/:purpose', () => {
  it('gives and withdraws a consent, recording each change with wording, policy version and method', async () => {
    const { user, client } = await createTestUser(t);
    const given = await client.put('/api/me/consents/marketing_email', give('marketing_email'));
    expect(given.statusCode).toBe(200);
    expect(given.json()).toMatchObject({
      purpose: 'marketing_email',
      granted: true,
      chosenWordingVersion: 1,
    });
    expect(await hasConsent(t.database.db, user.id, 'marketing_email')).toBe(true);
    expect(await hasConsent(t.database.db, user.id, 'marketing_in_app')).toBe(false);

    t.clock.advance(60_000);
    const withdrawn = await client.put('/api/me/consents/marketing_email', {
      granted: false,
      wordingVersion: 1,
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().granted).toBe(false);
    expect(await hasConsent(t.database.db, user.id, 'marketing_email')).toBe(false);

    // Withdrawing again changes nothing and adds no history.
    await client.put('/api/me/consents/marketing_email', { granted: false, wordingVersion: 1 });

    const history = (await client.get('/api/me/consents/history')).json().history;
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({
      purpose: 'marketing_email',
      granted: false,
      wordingVersion: 1,
      policyVersion: PRIVACY_POLICY_VERSION,
      method: 'web',
    });
    expect(history[1]).toMatchObject({ purpose: 'marketing_email', granted: true, method: 'web' });
    expect(Date.parse(history[0].at)).toBeGreaterThan(Date.parse(history[1].at));
  });

  it('takes research consent only through its form, and keeps the form in the history', async () => {
    const { client } = await createTestUser(t);
    const bare = await client.put('/api/me/consents/research', { granted: true, wordingVersion: 1 });
    expect(bare.statusCode).toBe(400);
    const half = await client.put('/api/me/consents/research', {
      granted: true,
      wordingVersion: 1,
      form: { acknowledgesScope: true, acknowledgesWithdrawal: false },
    });
    expect(half.statusCode).toBe(400);
    const ok = await client.put('/api/me/consents/research', {
      granted: true,
      wordingVersion: 1,
      form: { acknowledgesScope: true, acknowledgesWithdrawal: true, note: 'sleep studies only' },
    });
    expect(ok.statusCode).toBe(200);
    const [entry] = (await client.get('/api/me/consents/history')).json().history;
    expect(entry.form).toEqual({
      acknowledgesScope: true,
      acknowledgesWithdrawal: true,
      note: 'sleep studies only',
    });
    // A form on another purpose is refused.
    const stray = await client.put('/api/me/consents/geolocation', {
      granted: true,
      wordingVersion: 1,
      form: { acknowledgesScope: true, acknowledgesWithdrawal: true },
    });
    expect(stray.statusCode).toBe(400);
  });

  it('refuses a choice made on a wording that is not the one in force (409), storing nothing', async () => {
    const { user, client } = await createTestUser(t);
    const res = await client.put('/api/me/consents/geolocation', { granted: true, wordingVersion: 99 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details).toEqual({ wordingVersion: 1 });
    expect(await hasConsent(t.database.db, user.id, 'geolocation')).toBe(false);
    expect((await client.get('/api/me/consents/history')).json().history).toEqual([]);
  });

  it('answers bad input with a 400 in the error format and stores nothing', async () => {
    const { client } = await createTestUser(t);
    const cases: Array<[string, unknown]> = [
      ['/api/me/consents/spam', { granted: true, wordingVersion: 1 }],
      ['/api/me/consents/marketing_email', { granted: 'yes', wordingVersion: 1 }],
      ['/api/me/consents/marketing_email', { granted: true }],
      ['/api/me/consents/marketing_email', { granted: true, wordingVersion: 1.5 }],
      ['/api/me/consents/marketing_email', { granted: true, wordingVersion: 1, extra: 1 }],
      ['/api/me/consents/marketing_email', []],
    ];
    for (const [url, body] of cases) {
      const res = await client.put(url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    const state = (await client.get('/api/me/consents')).json().consents;
    expect(state.every((c: { granted: boolean }) => !c.granted)).toBe(true);
    expect((await client.get('/api/me/consents/history')).json().history).toEqual([]);
  });

  it("scopes every call to the caller: another user's consents can be neither read nor changed", async () => {
    const alice = await createTestUser(t);
    const mallory = await createTestUser(t);
    await alice.client.put('/api/me/consents/programmes', give('programmes'));
    // Mallory's calls (there is no user id in these routes) only ever reach Mallory's own records.
    expect(
      (await mallory.client.get('/api/me/consents'))
        .json()
        .consents.some((c: { granted: boolean }) => c.granted),
    ).toBe(false);
    expect((await mallory.client.get('/api/me/consents/history')).json().history).toEqual([]);
    await mallory.client.put('/api/me/consents/programmes', { granted: false, wordingVersion: 1 });
    expect(await hasConsent(t.database.db, alice.user.id, 'programmes')).toBe(true);
    // A user id smuggled into the path is not a route: 404.
    const smuggled = await mallory.client.put(`/api/users/${alice.user.id}/consents/programmes`, {
      granted: false,
      wordingVersion: 1,
    });
    expect(smuggled.statusCode).toBe(404);
    expect(await hasConsent(t.database.db, alice.user.id, 'programmes')).toBe(true);
  });

  it('refuses a forged request (no CSRF token) and an anonymous one', async () => {
    const { user, client } = await createTestUser(t);
    const forged = await client.put('/api/me/consents/marketing_email', give('marketing_email'), {
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(forged.statusCode).toBe(403);
    expect(
      (await t.client().put('/api/me/consents/marketing_email', give('marketing_email'))).statusCode,
    ).toBe(401);
    expect(await hasConsent(t.database.db, user.id, 'marketing_email')).toBe(false);
  });

  it('keeps the history append-only', async () => {
    const { user, client } = await createTestUser(t);
    await client.put('/api/me/consents/geolocation', give('geolocation'));
    await expect(
      t.database.raw.query('UPDATE consent_history SET granted = false WHERE user_id = $1', [user.id]),
    ).rejects.toThrow(/append-only/);
  });
});

describe('cookie preferences', () => {
  it('keeps the choice for the user and in the browser cookie', async () => {
    const { client } = await createTestUser(t);
    expect((await client.get('/api/me/cookie-preferences')).json().preferences).toBeNull();
    const res = await client.put('/api/me/cookie-preferences', {
      analytical: true,
      social_media: false,
      marketing: false,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().preferences).toMatchObject({ analytical: true, social_media: false, marketing: false });
    expect(client.getCookie('vb_cookie_choice')).toBe('v1.a1s0m0');
    await client.put('/api/me/cookie-preferences', {
      analytical: false,
      social_media: false,
      marketing: true,
    });
    expect((await client.get('/api/me/cookie-preferences')).json().preferences).toMatchObject({
      analytical: false,
      marketing: true,
    });
  });

  it('refuses bad input, anonymous calls, and reaches only the caller', async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    await alice.client.put('/api/me/cookie-preferences', {
      analytical: true,
      social_media: true,
      marketing: true,
    });
    for (const body of [
      { analytical: true },
      { analytical: 1, social_media: false, marketing: false },
      { essential: false, analytical: false, social_media: false, marketing: false },
    ]) {
      expect((await bob.client.put('/api/me/cookie-preferences', body)).statusCode).toBe(400);
    }
    expect((await bob.client.get('/api/me/cookie-preferences')).json().preferences).toBeNull();
    expect(
      (
        await t
          .client()
          .put('/api/me/cookie-preferences', { analytical: true, social_media: true, marketing: true })
      ).statusCode,
    ).toBe(401);
    expect((await alice.client.get('/api/me/cookie-preferences')).json().preferences.marketing).toBe(true);
  });
});

describe('GET /api/privacy/info', () => {
  it('states the data region, the policy version and the operator contact, to anyone', async () => {
    const res = await t.client().get('/api/privacy/info');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      dataRegion: t.config.dataRegion,
      policyVersion: PRIVACY_POLICY_VERSION,
      operatorContact: 'privacy@vitalbase.example',
    });
    expect(t.config.dataRegion).toBe('France (EU)');
  });
});
