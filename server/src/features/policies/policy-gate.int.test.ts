import { POLICY_ACCEPTANCE_REQUIRED } from '@vitalbase/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { publishPolicyAsOperator } from './policies.operator';
import { announceMajorVersions } from './policy-announcements';
import { earliestMajorEffectiveDate, utcDate } from './policy-rules';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const DAY = 24 * 3600 * 1000;
const markdown = (n: string) => `# Privacy policy ${n}\n\nWhat we do with your data, version ${n}.\n`;

/** Keeps sessions alive across long clock jumps (they expire after 30 idle days). */
async function advanceDays(days: number, users: TestUser[]) {
  for (let done = 0; done < days; done += Math.min(20, days - done)) {
    t.clock.advance(Math.min(20, days - done) * DAY);
    for (const u of users) await u.client.get('/api/me');
  }
}

const goals = (u: TestUser) => u.client.get('/api/me/goals');

describe('a major version: announced 30 days ahead, then accepted before going on', () => {
  it('mails every active user once, holds data routes after the effective date until accepted', async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const early = await createTestUser(t);
    const disabled = await createTestUser(t, { state: 'disabled' });
    const minor = await createTestUser(t, { state: 'pending_parental_consent' });

    const effectiveDate = earliestMajorEffectiveDate(t.clock.now());
    await publishPolicyAsOperator(
      t.database,
      {
        document: 'privacy',
        version: '2',
        effectiveDate,
        summary: 'We now keep technical logs for 90 days.',
        major: true,
        markdown: markdown('2'),
      },
      t.clock.now(),
    );

    // The announcement: every active account, in batches, once; not the disabled or waiting ones.
    const first = await announceMajorVersions(t.app.ctx, { batchSize: 2 });
    const { rows: active } = await t.database.raw.query<{ n: string }>(
      "SELECT count(*) AS n FROM users WHERE state = 'active'",
    );
    expect(first.mailed).toBe(Number(active[0]!.n));
    for (const u of [alice, bob, early]) {
      const mail = await t.smtp.waitFor(u.user.email, { subject: /privacy policy changes on/ });
      expect(mail.text).toContain('We now keep technical logs for 90 days.');
      expect(mail.text).toContain(`${t.config.publicUrl}/policies/privacy/2`);
    }
    expect(await announceMajorVersions(t.app.ctx, { batchSize: 2 })).toEqual({ mailed: 0 });
    await new Promise((r) => setTimeout(r, 300));
    const announcements = t.smtp.messages.filter((m) => /privacy policy changes on/.test(m.subject));
    for (const u of [alice, bob, early])
      expect(announcements.filter((m) => m.to.includes(u.user.email))).toHaveLength(1);
    for (const u of [disabled, minor])
      expect(announcements.some((m) => m.to.includes(u.user.email))).toBe(false);

    // Before the effective date: a banner's worth of status, and nothing held.
    expect((await goals(alice)).statusCode).toBe(200);
    const before = (await alice.client.get('/api/me/policies')).json().documents[0];
    expect(before).toMatchObject({
      document: 'privacy',
      inForce: { version: '1' },
      upcoming: [{ version: '2', major: true, effectiveDate, accepted: false }],
      acceptanceRequired: null,
    });
    // One user accepts ahead of time.
    expect(
      (await early.client.post('/api/me/policies/acceptances', { document: 'privacy', version: '2' }))
        .statusCode,
    ).toBe(200);

    await advanceDays(Math.ceil((Date.parse(effectiveDate) - t.clock.now().getTime()) / DAY) + 1, [
      alice,
      bob,
      early,
    ]);
    expect(utcDate(t.clock.now()) > effectiveDate).toBe(true);

    // After: data routes answer 403 policy_acceptance_required, saying what to accept.
    const held = await goals(alice);
    expect(held.statusCode).toBe(403);
    expect(held.json().error).toMatchObject({
      code: POLICY_ACCEPTANCE_REQUIRED,
      details: { pending: [{ document: 'privacy', version: '2', effectiveDate }] },
    });
    expect((await alice.client.get('/api/health-data/latest')).statusCode).toBe(403);
    expect((await alice.client.patch('/api/me', { displayName: 'Alice' })).statusCode).toBe(403);
    // …but reading and accepting, the user's rights and signing out stay open.
    expect((await alice.client.get('/api/me')).statusCode).toBe(200);
    expect((await alice.client.get('/api/policies/privacy/2')).statusCode).toBe(200);
    expect((await alice.client.get('/api/me/policies')).json().documents[0].acceptanceRequired).toMatchObject(
      { version: '2' },
    );
    expect((await alice.client.get('/api/me/consents')).statusCode).toBe(200);
    expect((await alice.client.get('/api/me/privacy-requests')).statusCode).toBe(200);
    expect((await alice.client.get('/api/me/access-log')).statusCode).toBe(200);
    // The one who accepted early goes on; accepting is per user (Bob is still held).
    expect((await goals(early)).statusCode).toBe(200);
    expect(
      (await alice.client.post('/api/me/policies/acceptances', { document: 'privacy', version: '2' }))
        .statusCode,
    ).toBe(200);
    expect((await goals(alice)).statusCode).toBe(200);
    expect((await goals(bob)).statusCode).toBe(403);
    expect((await bob.client.post('/api/auth/logout')).statusCode).toBeLessThan(300);

    // Only records count: an account made after the effective date without one (the operator's, or
    // an older sign-up) owes version 2 like everyone; sign-up records it (policy-acceptance.int.test.ts).
    const newcomer = await createTestUser(t, { createdAt: t.clock.now() });
    expect((await goals(newcomer)).statusCode).toBe(403);
    // After the effective date nobody is announced to any more.
    expect(await announceMajorVersions(t.app.ctx)).toEqual({ mailed: 0 });

    // Consents record the version in force.
    expect(
      (await alice.client.put('/api/me/consents/geolocation', { granted: true, wordingVersion: 1 }))
        .statusCode,
    ).toBe(200);
    const [entry] = (await alice.client.get('/api/me/consents/history')).json().history;
    expect(entry.policyVersion).toBe('2');
  });

  it('holds a signed-in personal access token too', async () => {
    // Carol accepted version 2 (so is free to make a token); then a major change of the terms comes.
    const carol = await createTestUser(t, { createdAt: t.clock.now() });
    expect(
      (await carol.client.post('/api/me/policies/acceptances', { document: 'privacy', version: '2' }))
        .statusCode,
    ).toBe(200);
    const created = await carol.client.post('/api/me/tokens', { name: 'script', scopes: ['health:read'] });
    expect(created.statusCode, created.body).toBe(201);
    const token = created.json().token as string;
    expect((await carol.client.bearer(token).get('/api/health-data/latest')).statusCode).toBe(200);
    const effectiveDate = earliestMajorEffectiveDate(t.clock.now());
    await publishPolicyAsOperator(
      t.database,
      {
        document: 'terms',
        version: '2',
        effectiveDate,
        summary: 'New terms.',
        major: true,
        markdown: markdown('t2'),
      },
      t.clock.now(),
    );
    await advanceDays(Math.ceil((Date.parse(effectiveDate) - t.clock.now().getTime()) / DAY) + 1, [carol]);
    const res = await carol.client.bearer(token).get('/api/health-data/latest');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe(POLICY_ACCEPTANCE_REQUIRED);
  });
});

describe('a minor version', () => {
  it('takes effect without asking anyone to accept it', async () => {
    const dave = await createTestUser(t, { createdAt: new Date('2024-01-01T00:00:00Z') });
    for (const document of ['privacy', 'terms']) {
      expect(
        (await dave.client.post('/api/me/policies/acceptances', { document, version: '2' })).statusCode,
      ).toBe(200);
    }
    await publishPolicyAsOperator(
      t.database,
      {
        document: 'privacy',
        version: '2.1',
        effectiveDate: utcDate(new Date(t.clock.now().getTime() + DAY)),
        summary: 'Typo fixes',
        major: false,
        markdown: markdown('2.1'),
      },
      t.clock.now(),
    );
    expect(await announceMajorVersions(t.app.ctx)).toEqual({ mailed: 0 });
    await advanceDays(2, [dave]);
    const status = (await dave.client.get('/api/me/policies')).json().documents[0];
    expect(status.inForce.version).toBe('2.1');
    expect(status.acceptanceRequired).toBeNull();
    expect((await goals(dave)).statusCode).toBe(200);
  });
});
