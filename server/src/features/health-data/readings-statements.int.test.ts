import { readingsPageSchema } from '@vitalbase/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { countStatements } from '../../test/statement-counter';

/**
 * The latest readings are the app's most frequent read: its statement budget (issue 17) is held here
 * on both engines. One statement for the session with what the policy gate needs, one for the page
 * with its measures and notes; a new per-request lookup shows up as a failing count.
 */
let t: TestApp;
let alice: TestUser;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const latest = () =>
  alice.client.get(`/api/health-data/readings?metric=weight&from=${hoursAgo(30 * 24)}&to=${hoursAgo(-1)}`);

beforeAll(async () => {
  t = await createTestApp();
  alice = await createTestUser(t);
  for (const [h, kg] of [
    [50, 80.4],
    [26, 80.1],
    [2, 79.8],
  ] as const) {
    const res = await alice.client.post('/api/health-data/readings', {
      takenAt: hoursAgo(h),
      measures: [{ metric: 'weight', value: kg, unit: 'kg' }],
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => t?.close());

describe('latest readings statement budget', () => {
  it('reads the session (with the policy records) and the page with its notes: 2 statements', async () => {
    const first = (await latest()).json().items as Array<{ id: string }>;
    const noted = await alice.client.put(`/api/health-data/readings/${first[1]!.id}/note`, {
      note: 'after a run',
      tags: ['sport'],
    });
    expect(noted.statusCode, noted.body).toBe(200);
    const corrected = await alice.client.patch(`/api/health-data/readings/${first[2]!.id}`, {
      measures: [{ metric: 'weight', value: 79.6, unit: 'kg' }],
    });
    expect(corrected.statusCode, corrected.body).toBe(200);

    const { result, statements } = await countStatements(t.database, latest);
    expect(result.statusCode, result.body).toBe(200);
    const items = result.json().items as Array<{ id: string; annotation?: unknown }>;
    expect(items.map((i) => i.annotation)).toEqual([
      undefined,
      { note: 'after a run', tags: ['sport'] },
      undefined,
    ]);
    expect(items[2]).toMatchObject({ measures: [{ value: 79.6, correction: { originalValue: 79.8 } }] });
    // Written without zod's serializer (health-data.routes.ts): the same bytes as zod's shaping.
    expect(result.body).toBe(JSON.stringify(readingsPageSchema.parse(result.json())));
    expect(statements, statements.join('\n\n')).toHaveLength(2);
    expect(statements[0]).toMatch(/\bFROM sessions\b/);
    expect(statements[0]).toMatch(/\bpolicy_acceptances\b/);
    expect(statements[1]).toMatch(/\bhealth_reading_notes\b/);
  });

  it('reads no policy records with the session where the policy gate does not hold the route', async () => {
    for (const url of ['/healthz', '/api/me']) {
      const { result, statements } = await countStatements(t.database, () => alice.client.get(url));
      expect(result.statusCode, result.body).toBe(200);
      expect(statements[0], url).toMatch(/\bFROM sessions\b/);
      expect(statements[0], url).not.toMatch(/\bpolicy_acceptances\b/);
    }
  });
});
