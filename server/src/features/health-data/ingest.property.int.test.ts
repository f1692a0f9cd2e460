import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createHealthDataIngest } from './ingest.service';
import { createReadingsRepo } from './readings.repo';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const BASE = Date.UTC(2026, 0, 1);
/** Each generated item says whether it is valid, so the property can check what the store did. */
type Gen = { item: unknown; valid: boolean; weightKg?: number };

const validWeigh = fc
  .record({ minute: fc.integer({ min: 0, max: 200_000 }), kg: fc.integer({ min: 3000, max: 200_000 }) })
  .map(
    ({ minute, kg }): Gen => ({
      item: {
        kind: 'reading',
        takenAt: new Date(BASE + minute * 60_000).toISOString(),
        measures: [{ metric: 'weight', value: kg / 1000, unit: 'kg' }],
      },
      valid: true,
      weightKg: kg / 1000,
    }),
  );
const badValue = fc.oneof(
  fc.constantFrom<unknown>(0, 2000, -1, 'NaN', 'Infinity', '-Infinity', 'seventy', null, true, [], {}, '80'),
  fc.double({ min: 651, max: 1e12, noNaN: true }),
);
const invalid = fc.oneof(
  fc.record({ minute: fc.integer({ min: 0, max: 200_000 }), value: badValue }).map(
    ({ minute, value }): Gen => ({
      item: {
        kind: 'reading',
        takenAt: new Date(BASE + minute * 60_000).toISOString(),
        measures: [{ metric: 'weight', value, unit: 'kg' }],
      },
      valid: false,
    }),
  ),
  fc
    .record({
      minute: fc.integer({ min: 0, max: 200_000 }),
      unit: fc.constantFrom('furlong', 'mmHg', '', 'KG', '°C'),
    })
    .map(
      ({ minute, unit }): Gen => ({
        item: {
          kind: 'reading',
          takenAt: new Date(BASE + minute * 60_000).toISOString(),
          measures: [{ metric: 'weight', value: 70, unit }],
        },
        valid: false,
      }),
    ),
  fc.constantFrom<Gen>(
    {
      item: {
        kind: 'reading',
        takenAt: '1899-06-01T00:00:00Z',
        measures: [{ metric: 'weight', value: 70, unit: 'kg' }],
      },
      valid: false,
    },
    {
      item: {
        kind: 'reading',
        takenAt: '2099-06-01T00:00:00Z',
        measures: [{ metric: 'weight', value: 70, unit: 'kg' }],
      },
      valid: false,
    },
    {
      item: {
        kind: 'reading',
        takenAt: '2026-01-01T08:00:00',
        measures: [{ metric: 'weight', value: 70, unit: 'kg' }],
      },
      valid: false,
    },
    {
      item: {
        kind: 'reading',
        takenAt: '2026-01-01T08:00:00Z',
        measures: [{ metric: 'systolic_bp', value: 120, unit: 'mmHg' }],
      },
      valid: false,
    },
    {
      item: {
        kind: 'reading',
        takenAt: '2026-01-01T08:00:00Z',
        measures: [{ metric: 'nonsense', value: 1, unit: 'kg' }],
      },
      valid: false,
    },
    { item: { kind: 'vibes' }, valid: false },
    { item: 'weight 70', valid: false },
    { item: null, valid: false },
  ),
);

describe('ingest property: exactly the valid items are stored', () => {
  it('stores every valid item once and nothing invalid, whatever the mix', async () => {
    const { user } = await createTestUser(t);
    const ingest = createHealthDataIngest(t.app.ctx);
    const readings = createReadingsRepo(t.database.db);
    let batch = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(validWeigh, invalid), { minLength: 1, maxLength: 25 }),
        async (gens) => {
          batch++;
          const deviceId = `scale-${batch}`;
          const { results } = await ingest.ingest(
            user.id,
            { source: 'device', deviceId, deviceKind: 'scale' },
            gens.map((g) => g.item),
          );
          const firstAt = new Map<string, number>();
          const expectedStored: number[] = [];
          gens.forEach((g, i) => {
            const res = results[i]!;
            expect(res.index).toBe(i);
            if (!g.valid) {
              expect(res.status).toBe('rejected');
              expect(res.errors?.length).toBeGreaterThan(0);
              return;
            }
            const at = (g.item as { takenAt: string }).takenAt;
            if (firstAt.has(at)) {
              expect(res.errors?.[0]?.code).toBe('duplicate_in_batch');
              return;
            }
            firstAt.set(at, i);
            expect(res.status).toBe('stored');
            expectedStored.push(i);
          });
          // What is in the store for this device is exactly the stored valid items, in canonical kg.
          const stored = await readings.listByMetric(user.id, {
            metric: 'weight',
            from: new Date(BASE - 1),
            to: new Date(BASE + 200_001 * 60_000),
            limit: 1000,
          });
          const mine = stored.filter((r) => r.deviceId === deviceId);
          expect(mine.map((r) => [r.takenAt.toISOString(), r.measures[0]!.value]).sort()).toEqual(
            expectedStored
              .map((i) => [(gens[i]!.item as { takenAt: string }).takenAt, gens[i]!.weightKg])
              .sort(),
          );
          // The same batch again stores nothing new.
          const again = await ingest.ingest(
            user.id,
            { source: 'device', deviceId, deviceKind: 'scale' },
            gens.map((g) => g.item),
          );
          for (const i of expectedStored) expect(again.results[i]!.status).toBe('duplicate');
        },
      ),
      { numRuns: 40 },
    );
  });
});
