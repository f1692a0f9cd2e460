import { POLICY_ACCEPTANCE_REQUIRED, POLICY_VERSION_CHANGED } from '@vitalbase/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createUsersRepo, newAccount } from '../accounts';
import {
  BrowserClient,
  signIn,
  signUpAndVerify,
  signUpBody,
  uniqueEmail,
} from '../accounts/accounts.test-support';
import { publishPolicyAsOperator } from './policies.operator';
import { createPoliciesService } from './policies.service';
import { earliestMajorEffectiveDate } from './policy-rules';

const DAY = 24 * 3600 * 1000;

describe('sign-up: the versions in force are accepted and recorded', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('records the acceptance of both documents with the account, and nothing for anyone else', async () => {
    const other = await createTestUser(t);
    const { email, password } = await signUpAndVerify(t);
    const me = await signIn(t, email, password);
    const acceptances = (await me.get('/api/me/policies/acceptances')).json().acceptances;
    expect(acceptances.map((a: { document: string; version: string; method: string }) => a)).toEqual([
      expect.objectContaining({ document: 'privacy', version: '1', method: 'signup' }),
      expect.objectContaining({ document: 'terms', version: '1', method: 'signup' }),
    ]);
    const status = (await me.get('/api/me/policies')).json().documents;
    for (const d of status) expect(d.lastAccepted).toMatchObject({ version: '1' });
    // Another account (made by the operator, not through the form) has no record.
    expect((await other.client.get('/api/me/policies/acceptances')).json().acceptances).toEqual([]);
  });

  it('refuses a stale or unknown version with 409, and a missing or malformed one with 400, creating nothing', async () => {
    const browser = new BrowserClient(t);
    for (const policies of [
      { privacy: '1', terms: '0.9' },
      { privacy: '2', terms: '1' },
    ]) {
      const body = signUpBody({ policies });
      const res = await browser.post('/api/auth/signup', body);
      expect(res.statusCode, JSON.stringify(policies)).toBe(policies.terms === '0.9' ? 400 : 409);
      if (res.statusCode === 409) {
        expect(res.json().error).toMatchObject({
          code: POLICY_VERSION_CHANGED,
          details: { inForce: { privacy: '1', terms: '1' }, stale: ['privacy'] },
        });
      }
      const { rows } = await t.database.raw.query('SELECT 1 FROM users WHERE email = $1', [body.email]);
      expect(rows).toEqual([]);
    }
    for (const policies of [
      undefined,
      {},
      { privacy: '1' },
      { privacy: '1', terms: '1', cookies: '1' },
      'yes',
    ]) {
      const res = await browser.post('/api/auth/signup', signUpBody({ policies }));
      expect(res.statusCode, JSON.stringify(policies)).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
  });

  it('after a new version takes effect, a sign-up must name it, and then owes nothing', async () => {
    const effectiveDate = earliestMajorEffectiveDate(t.clock.now());
    await publishPolicyAsOperator(
      t.database,
      {
        document: 'terms',
        version: '2',
        effectiveDate,
        summary: 'New rules for shared devices.',
        major: true,
        markdown: '# Terms of use\n\nNew rules for shared devices, and everything else as before.\n',
      },
      t.clock.now(),
    );
    const early = await signUpAndVerify(t); // accepts version 1, before version 2 takes effect
    t.clock.advance(Math.ceil((Date.parse(effectiveDate) - t.clock.now().getTime()) / DAY) * DAY + DAY);

    const stale = await new BrowserClient(t).post('/api/auth/signup', signUpBody());
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details).toMatchObject({ inForce: { terms: '2' }, stale: ['terms'] });

    const late = await signUpAndVerify(t, { policies: { privacy: '1', terms: '2' } });
    const lateBrowser = await signIn(t, late.email, late.password);
    expect((await lateBrowser.get('/api/me/goals')).statusCode).toBe(200);
    // The one who signed up under version 1 has a record of 1 only: version 2 is owed.
    const held = await (await signIn(t, early.email, early.password)).get('/api/me/goals');
    expect(held.statusCode).toBe(403);
    expect(held.json().error.code).toBe(POLICY_ACCEPTANCE_REQUIRED);
    // An account made by the operator after the effective date, without a record, owes it too: the
    // gate reads the records, not the creation date.
    const made = await createTestUser(t, { createdAt: t.clock.now() });
    expect((await made.client.get('/api/me/goals')).statusCode).toBe(403);
  });
});

describe("the operator's facts, from the configuration", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      config: {
        privacyContact: 'privacy@santé.example',
        dataRegion: 'Iceland (EEA)',
        operator: {
          name: 'Clinique <b>Nord</b> [SAS](javascript:alert(1))',
          address: '12 rue des Lilas, 75019 Paris, France',
          dpoContact: 'dpo@sante.example',
          processors: 'Postmark (mail delivery, EU region); Scaleway (hosting, France)',
          governingLaw: 'French law',
        },
      },
    });
  });
  afterAll(() => t?.close());

  it('fills them in as plain text, in both languages, with no placeholder left', async () => {
    for (const locale of ['en', 'fr']) {
      for (const document of ['privacy', 'terms']) {
        const v = (await t.client().get(`/api/policies/${document}?locale=${locale}`)).json();
        expect(v.locale).toBe(locale);
        expect(v.html).not.toContain('<mark>');
        expect(v.html).toContain(
          '<strong>Clinique &lt;b&gt;Nord&lt;/b&gt; [SAS](javascript:alert(1))</strong>',
        );
        expect(v.html).not.toMatch(/<b>|javascript:alert\(1\)"|href="javascript/);
        expect(v.html).toContain('12 rue des Lilas, 75019 Paris, France');
      }
    }
    const privacy = (await t.client().get('/api/policies/privacy')).json().html;
    expect(privacy).toContain('Iceland (EEA)');
    expect(privacy).toContain('dpo@sante.example');
    expect(privacy).toContain('Postmark (mail delivery, EU region); Scaleway (hosting, France)');
    expect((await t.client().get('/api/policies/terms')).json().html).toContain('governed by French law');
  });
});

describe('a database seeded by an earlier release (the borrowed texts)', () => {
  it("gets Vitalbase's texts as version 2, and each existing account an implied acceptance of what it signed up under", async () => {
    const database = await createTestDatabase();
    try {
      const raw = database.raw;
      // As earlier releases left it: version 1 of each, in force since its own past date.
      await raw.query(`INSERT INTO policy_versions (document, version, effective_at, published_at, major, summary, markdown)
        VALUES ('privacy', '1', '2020-12-16', '2020-12-16', false,
                'First version of the privacy policy (reference privacy-policy/20201216).', '# Privacy Policy for another company'),
               ('terms', '1', '2023-01-26', '2023-01-26', false,
                'First version of the general terms and conditions of use (26 Jan 2023).', '# Terms of another company')`);
      const users = createUsersRepo(database.db);
      const account = async (createdAt: string) => {
        const { row } = await newAccount(
          {
            email: uniqueEmail(),
            displayName: 'Old Timer',
            birthDate: '1970-01-01',
            country: 'FR',
            passwordHash: 'x',
          },
          { now: new Date(createdAt), verified: true },
        );
        return users.insert(row);
      };
      const before = await account('2019-05-01T00:00:00Z'); // before either version
      const between = await account('2021-06-01T00:00:00Z'); // under privacy 1, before terms 1
      const accepted = await account('2024-02-01T00:00:00Z');
      await raw.query(
        `INSERT INTO policy_acceptances (user_id, document, version, accepted_at, method)
         VALUES ($1, 'terms', '1', '2024-02-02', 'web')`,
        [accepted.id],
      );

      const now = new Date('2026-12-05T10:00:00Z');
      const policies = createPoliciesService({ database, now: () => now });
      expect(await policies.seed()).toBe(2);
      const list = await policies.list();
      expect(list.map((d) => [d.document, d.inForce])).toEqual([
        ['privacy', '2'],
        ['terms', '2'],
      ]);
      expect(list[0]!.versions[0]).toMatchObject({ version: '2', major: false, effectiveDate: '2026-12-05' });
      expect((await policies.show('privacy', '2')).html).toContain('<h1>Vitalbase privacy policy</h1>');

      const rows = async (userId: string) =>
        (await policies.acceptances(userId)).map(
          (a) => `${a.document} ${a.version} ${a.method} ${a.acceptedAt.slice(0, 10)}`,
        );
      expect(await rows(before.id)).toEqual(['privacy 1 implied 2019-05-01', 'terms 1 implied 2019-05-01']);
      expect(await rows(between.id)).toEqual(['privacy 1 implied 2021-06-01', 'terms 1 implied 2021-06-01']);
      // An explicit record is kept as it is; only the missing document is implied.
      expect(await rows(accepted.id)).toEqual(['privacy 1 implied 2024-02-01', 'terms 1 web 2024-02-02']);
      // Nobody is held: no major version is in force.
      for (const u of [before, between, accepted]) expect(await policies.pendingFor(u.id)).toEqual([]);

      // Once: a later start adds nothing, and an account made since gets no implied record.
      const since = await account('2026-12-05T11:00:00Z');
      expect(await policies.seed()).toBe(0);
      expect(await rows(since.id)).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
