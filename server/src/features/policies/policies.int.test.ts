import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { publishPolicyAsOperator } from './policies.operator';
import { utcDate } from './policy-rules';

let t: TestApp;
let startDay: string;
beforeAll(async () => {
  t = await createTestApp();
  startDay = utcDate(t.clock.now());
});
afterAll(() => t?.close());

const DAY = 24 * 3600 * 1000;
const inDays = (n: number) => utcDate(new Date(t.clock.now().getTime() + n * DAY));
const text = (title: string, body: string) => `# ${title}\n\n${body}\n`;

describe("the catalog: version 1 of each document, Vitalbase's own, in force from the first start", () => {
  it('lists both documents, each with version 1 in force since the day the server first started', async () => {
    const res = await t.client().get('/api/policies');
    expect(res.statusCode).toBe(200);
    const docs = res.json().documents;
    expect(docs.map((d: { document: string }) => d.document)).toEqual(['privacy', 'terms']);
    for (const d of docs) {
      expect(d.inForce).toBe('1');
      expect(d.versions).toHaveLength(1);
      expect(d.versions[0]).toMatchObject({ version: '1', major: false, effectiveDate: startDay });
    }
  });

  it("shows the operator's own text, with a clear placeholder for each fact the configuration leaves unset", async () => {
    const res = await t.client().get('/api/policies/privacy/1');
    expect(res.statusCode).toBe(200);
    const v = res.json();
    expect(v).toMatchObject({ inForce: true, locale: 'en', previousVersion: null, diff: null });
    expect(v.html).toContain('<h1>Vitalbase privacy policy</h1>');
    expect(v.html).toContain('<h2>6. Your rights, and where to use them in the app</h2>');
    expect(v.html).toContain('<mark>[operator name — set OPERATOR_NAME]</mark>');
    // Each table cell names its column, for the phone layout (rows as cards).
    expect(v.html).toContain('<th scope="col">Legal basis</th>');
    expect(v.html).toMatch(/<td data-label="Legal basis">contract \(GDPR art\. 6\(1\)\(b\)\)/);
    expect(v.html).toContain('[data protection officer contact — set DPO_CONTACT]');
    expect(v.html).toContain('[processors — set PROCESSORS]');
    // Facts the configuration has (or defaults) are filled in; nothing is left as a raw token.
    expect(v.html).toContain('<strong>France (EU)</strong>');
    expect(v.html).toContain('<strong>90 days</strong>');
    expect(v.markdown).not.toMatch(/\{\{[A-Z_]+\}\}/);
    // Nothing of the borrowed texts of earlier releases.
    for (const text of [v.markdown, (await t.client().get('/api/policies/terms/1')).json().markdown]) {
      expect(text).not.toMatch(/withings|app store|pictogram/i);
    }
    const terms = (await t.client().get('/api/policies/terms/1')).json();
    expect(terms.html).toContain('[governing law — set GOVERNING_LAW]');
    expect(terms.html).toContain('is not a medical device');
  });

  it('reads the version in force without signing in, in English or French, and lets it be cached', async () => {
    const en = await t.client().get('/api/policies/terms');
    expect(en.statusCode).toBe(200);
    expect(en.headers['cache-control']).toBe('public, max-age=300');
    expect(en.json()).toMatchObject({ document: 'terms', version: '1', inForce: true, locale: 'en' });
    const fr = (await t.client().get('/api/policies/privacy?locale=fr')).json();
    expect(fr).toMatchObject({ document: 'privacy', version: '1', locale: 'fr' });
    expect(fr.html).toContain('<h1>Politique de confidentialité de Vitalbase</h1>');
    expect(fr.html).toContain('[nom de l’exploitant — à définir : OPERATOR_NAME]');
    // The same version by number, in French too.
    expect((await t.client().get('/api/policies/terms/1?locale=fr')).json().html).toContain(
      '<h1>Conditions d’utilisation de Vitalbase</h1>',
    );
    for (const url of [
      '/api/policies/cookies',
      '/api/policies/privacy?locale=de',
      '/api/policies/privacy?x=1',
    ]) {
      const res = await t.client().get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
  });

  it('answers bad parameters with 400 and an unknown version with 404', async () => {
    for (const url of [
      '/api/policies/cookies/1',
      '/api/policies/privacy/v1',
      '/api/policies/privacy/0',
      '/api/policies/privacy/1.2.3.4',
    ]) {
      const res = await t.client().get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    const missing = await t.client().get('/api/policies/privacy/99');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });
});

describe('vitalbase policy publish', () => {
  it('refuses a major change less than 30 days before it takes effect, and stores nothing', async () => {
    const attempt = publishPolicyAsOperator(
      t.database,
      {
        document: 'terms',
        version: '2',
        effectiveDate: inDays(29),
        summary: 'New rules on sharing',
        major: true,
        markdown: text('Terms', 'Version two of the terms, with new rules.'),
      },
      t.clock.now(),
    );
    await expect(attempt).rejects.toMatchObject({ statusCode: 400, message: /at least 30 days before/ });
    const terms = (await t.client().get('/api/policies')).json().documents[1];
    expect(terms.versions).toHaveLength(1);
  });

  it('publishes a minor version with a diff from the previous one, sanitising the HTML', async () => {
    const v1 = (await t.client().get('/api/policies/terms/1')).json().markdown as string;
    const markdown = `${v1.replace('## 5. Not medical advice', '## 5. No medical advice')}\n<script>alert(1)</script>\n\n[click](javascript:alert(2)) and <img src=x onerror=alert(3)>\n`;
    const published = await publishPolicyAsOperator(
      t.database,
      {
        document: 'terms',
        version: '1.1',
        // Version 1 took effect at the first start, today: the next one can take effect tomorrow.
        effectiveDate: inDays(1),
        summary: 'Clearer wording of 1.1',
        major: false,
        markdown,
      },
      t.clock.now(),
    );
    expect(published).toMatchObject({ document: 'terms', version: '1.1', major: false });
    t.clock.advance(DAY);
    const v = (await t.client().get('/api/policies/terms/1.1')).json();
    expect(v.inForce).toBe(true);
    expect(v.previousVersion).toBe('1');
    // An operator's version has no French translation: the English text, saying so.
    expect((await t.client().get('/api/policies/terms/1.1?locale=fr')).json().locale).toBe('en');
    expect(v.html).not.toMatch(/<script|javascript:|onerror|<img/i);
    const added = v.diff
      .filter((p: { change: string }) => p.change === 'added')
      .map((p: { text: string }) => p.text)
      .join('');
    const removed = v.diff
      .filter((p: { change: string }) => p.change === 'removed')
      .map((p: { text: string }) => p.text)
      .join('');
    expect(added).toContain('## 5. No medical advice');
    expect(removed).toContain('## 5. Not medical advice');
    expect(
      v.diff.some(
        (p: { change: string; text: string }) =>
          p.change === 'same' && p.text.includes('## 6. Acceptable use'),
      ),
    ).toBe(true);
  });

  it('refuses a version number or date that does not come after the latest, and bad input', async () => {
    const base = {
      document: 'terms' as const,
      summary: 'Another change',
      major: false,
      markdown: text('Terms', 'Yet another version of the terms.'),
    };
    const now = t.clock.now();
    await expect(
      publishPolicyAsOperator(t.database, { ...base, version: '1.1', effectiveDate: inDays(5) }, now),
    ).rejects.toMatchObject({ statusCode: 409 });
    await expect(
      publishPolicyAsOperator(t.database, { ...base, version: '1.0.5', effectiveDate: inDays(5) }, now),
    ).rejects.toMatchObject({ statusCode: 409 });
    await expect(
      publishPolicyAsOperator(t.database, { ...base, version: '1.2', effectiveDate: inDays(-1) }, now),
    ).rejects.toMatchObject({ statusCode: 409 });
    await expect(
      publishPolicyAsOperator(t.database, { ...base, version: '1.2', effectiveDate: '2099-02-30' }, now),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      publishPolicyAsOperator(t.database, { ...base, version: 'two', effectiveDate: inDays(5) }, now),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      publishPolicyAsOperator(
        t.database,
        { ...base, version: '1.2', effectiveDate: inDays(5), markdown: '' },
        now,
      ),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect((await t.client().get('/api/policies')).json().documents[1].versions).toHaveLength(2);
  });

  it('keeps a published version unchangeable', async () => {
    await expect(
      t.database.raw.query("UPDATE policy_versions SET summary = 'rewritten' WHERE document = 'terms'"),
    ).rejects.toThrow(/append-only/);
  });
});

describe('my policies: status and acceptances', () => {
  it('answers bad input with 400, an unknown version with 404, and needs a session', async () => {
    const { client } = await createTestUser(t);
    const cases: unknown[] = [
      {},
      { document: 'privacy' },
      { document: 'cookies', version: '1' },
      { document: 'privacy', version: 1 },
      { document: 'privacy', version: '1', extra: true },
      [],
    ];
    for (const body of cases) {
      const res = await client.post('/api/me/policies/acceptances', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    expect(
      (await client.post('/api/me/policies/acceptances', { document: 'privacy', version: '42' })).statusCode,
    ).toBe(404);
    expect((await client.get('/api/me/policies/acceptances')).json().acceptances).toEqual([]);
    expect((await t.client().get('/api/me/policies')).statusCode).toBe(401);
    expect(
      (await t.client().post('/api/me/policies/acceptances', { document: 'privacy', version: '1' }))
        .statusCode,
    ).toBe(401);
    const forged = await client.post(
      '/api/me/policies/acceptances',
      { document: 'privacy', version: '1' },
      { headers: { 'x-csrf-token': 'forged' } },
    );
    expect(forged.statusCode).toBe(403);
  });

  it('records what the user accepted and when, refuses a superseded version, and shows only their own', async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const superseded = await alice.client.post('/api/me/policies/acceptances', {
      document: 'terms',
      version: '1',
    });
    expect(superseded.statusCode).toBe(409);
    const ok = await alice.client.post('/api/me/policies/acceptances', { document: 'terms', version: '1.1' });
    expect(ok.statusCode).toBe(200);
    const terms = ok.json().documents.find((d: { document: string }) => d.document === 'terms');
    expect(terms).toMatchObject({
      inForce: { version: '1.1' },
      lastAccepted: { version: '1.1' },
      acceptanceRequired: null,
    });
    const mine = (await alice.client.get('/api/me/policies/acceptances')).json().acceptances;
    expect(mine).toEqual([
      {
        document: 'terms',
        version: '1.1',
        acceptedAt: t.clock.now().toISOString().slice(0, 10) + mine[0].acceptedAt.slice(10),
        method: 'web',
      },
    ]);
    expect((await bob.client.get('/api/me/policies/acceptances')).json().acceptances).toEqual([]);
    const bobTerms = (await bob.client.get('/api/me/policies'))
      .json()
      .documents.find((d: { document: string }) => d.document === 'terms');
    expect(bobTerms.lastAccepted).toBeNull();
    // A user id in the path is not a route: nobody reaches another user's acceptances.
    expect((await bob.client.get(`/api/users/${alice.user.id}/policies/acceptances`)).statusCode).toBe(404);
  });
});
