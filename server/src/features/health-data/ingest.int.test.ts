import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createHealthDataIngest } from './ingest.service';
import { createReadingsRepo } from './readings.repo';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const scale = { source: 'device' as const, deviceId: 'dev-scale-1', deviceKind: 'scale' as const };

describe('ingest', () => {
  it('stores a weigh-in once, converts units, and answers duplicate for a resend', async () => {
    const { user } = await createTestUser(t);
    const ingest = createHealthDataIngest(t.app.ctx);
    const takenAt = '2026-01-10T07:31:00+01:00';
    const item = {
      kind: 'reading',
      takenAt,
      measures: [
        { metric: 'weight', value: 165.3, unit: 'lb' },
        { metric: 'fat_ratio', value: 21.4, unit: '%' },
      ],
    };
    const first = await ingest.ingest(user.id, scale, [item]);
    expect(first.results).toEqual([{ index: 0, status: 'stored', ref: expect.any(String) }]);
    const again = await ingest.ingest(user.id, scale, [item]);
    expect(again.results[0]).toMatchObject({ status: 'duplicate', ref: first.results[0]!.ref });
    const latest = await createReadingsRepo(t.database.db).latestValue(user.id, 'weight');
    expect(latest?.value).toBeCloseTo(74.979, 3);
    expect(latest?.takenAt.toISOString()).toBe('2026-01-10T06:31:00.000Z');
  });

  it('rejects invalid items one by one and stores the valid ones', async () => {
    const { user } = await createTestUser(t);
    const ingest = createHealthDataIngest(t.app.ctx);
    const ok = {
      kind: 'reading',
      takenAt: iso(3600_000),
      measures: [{ metric: 'weight', value: 80, unit: 'kg' }],
    };
    const { results } = await ingest.ingest(user.id, scale, [
      ok,
      { kind: 'reading', takenAt: iso(0), measures: [{ metric: 'systolic_bp', value: 120, unit: 'mmHg' }] },
      { kind: 'reading', takenAt: iso(0), measures: [{ metric: 'weight', value: 2000, unit: 'kg' }] },
      ok,
    ]);
    expect(results.map((r) => r.status)).toEqual(['stored', 'rejected', 'rejected', 'rejected']);
    expect(results[1]!.errors![0]!.code).toBe('not_produced_by_device');
    expect(results[2]!.errors![0]!.code).toBe('out_of_range');
    expect(results[3]!.errors![0]!.code).toBe('duplicate_in_batch');
    // As a whole number: a random id in the text may hold the digits.
    expect(JSON.stringify(results)).not.toMatch(/\b2000\b/);
  });
});
