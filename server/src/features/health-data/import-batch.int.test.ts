import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { countStatements } from '../../test/statement-counter';
import { createHealthDataIngest, createImportBatchWriter, removeImportedData } from '../health-data';

/**
 * An import's batch (issue #18, Performance): a few statements whatever its size, with the import's
 * duplicate rule (same metric, same instant, same value, any source) held against the store and
 * between the batch's own items.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const at = (i: number) => new Date(Date.parse('2025-03-01T07:00:00Z') + i * 3_600_000).toISOString();
const spo2 = (i: number) => ({
  kind: 'reading',
  takenAt: at(i),
  measures: [{ metric: 'spo2', value: 95 + (i % 4), unit: '%' }],
});

async function measures(userId: string, metric: string): Promise<number> {
  const { rows } = await t.database.raw.query<{ n: number | string }>(
    'select count(*) n from health_measures where user_id = $1 and metric = $2',
    [userId, metric],
  );
  return Number(rows[0]!.n);
}

describe('an import batch', () => {
  it('stores 2,000 readings in a handful of statements, not a few per reading', async () => {
    const u = await createTestUser(t);
    const writer = createImportBatchWriter(t.app.ctx);
    const items = Array.from({ length: 2000 }, (_, i) => spo2(i));
    const { result, statements } = await countStatements(t.database, () =>
      t.database.db.transaction((tx) => writer.store(u.user.id, randomUUID(), items, tx)),
    );
    expect(result.filter((r) => r.status === 'stored')).toHaveLength(2000);
    expect(statements.length).toBeLessThanOrEqual(12);
    expect(await measures(u.user.id, 'spo2')).toBe(2000);
  });

  it('skips the values already held at the instant, from any source and earlier in the batch', async () => {
    const u = await createTestUser(t);
    await createHealthDataIngest(t.app.ctx).ingest(u.user.id, { source: 'manual' }, [
      { kind: 'reading', takenAt: at(0), measures: [{ metric: 'weight', value: 70, unit: 'kg' }] },
    ]);
    const importId = randomUUID();
    const results = await t.database.db.transaction((tx) =>
      createImportBatchWriter(t.app.ctx).store(
        u.user.id,
        importId,
        [
          // The manual weigh-in again: nothing new.
          { kind: 'reading', takenAt: at(0), measures: [{ metric: 'weight', value: 70, unit: 'kg' }] },
          // A scale's weigh-in, then a second reading of the same instant repeating its weight.
          {
            kind: 'reading',
            takenAt: at(1),
            measures: [
              { metric: 'weight', value: 71, unit: 'kg' },
              { metric: 'fat_ratio', value: 20, unit: '%' },
            ],
          },
          {
            kind: 'reading',
            takenAt: at(1),
            measures: [
              { metric: 'weight', value: 71, unit: 'kg' },
              { metric: 'muscle_mass', value: 30, unit: 'kg' },
            ],
          },
          // Another value at an instant that holds one: kept (same metric, same instant, another value).
          { kind: 'reading', takenAt: at(0), measures: [{ metric: 'weight', value: 70.5, unit: 'kg' }] },
        ],
        tx,
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['duplicate', 'stored', 'stored', 'rejected']);
    expect(results[3]!.errors?.[0]?.code).toBe('duplicate_in_batch');
    expect(await measures(u.user.id, 'weight')).toBe(2);
    expect(await measures(u.user.id, 'muscle_mass')).toBe(1);
    // Undo removes exactly what the batch added: the manual weigh-in stays.
    await t.database.db.transaction((tx) => removeImportedData(t.app.ctx, u.user.id, importId, tx));
    expect(await measures(u.user.id, 'weight')).toBe(1);
    expect(await measures(u.user.id, 'fat_ratio')).toBe(0);
  });

  it("merges two series items of one metric and start (a workout's samples after the day's)", async () => {
    const u = await createTestUser(t);
    const minutes = (values: Array<number | null>) => ({
      kind: 'series',
      metric: 'heart_rate',
      unit: 'bpm',
      start: '2025-03-01T00:00:00Z',
      intervalSeconds: 60,
      values,
    });
    const results = await t.database.db.transaction((tx) =>
      createImportBatchWriter(t.app.ctx).store(
        u.user.id,
        randomUUID(),
        [minutes([60, 61, null, null]), minutes([null, null, 130, 131])],
        tx,
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored']);
    const { rows } = await t.database.raw.query<{ n: number }>(
      'select point_count n from health_series_days where user_id = $1',
      [u.user.id],
    );
    expect(rows).toEqual([{ n: 4 }]);
  });

  it('stores a session once, whichever batch brings it again', async () => {
    const u = await createTestUser(t);
    const writer = createImportBatchWriter(t.app.ctx);
    const night = {
      kind: 'session',
      type: 'sleep',
      start: '2025-03-01T23:00:00+01:00',
      end: '2025-03-02T07:00:00+01:00',
      stages: [{ stage: 'deep', start: '2025-03-01T23:30:00+01:00', end: '2025-03-02T01:00:00+01:00' }],
    };
    const store = (items: unknown[]) =>
      t.database.db.transaction((tx) => writer.store(u.user.id, randomUUID(), items, tx));
    expect((await store([night])).map((r) => r.status)).toEqual(['stored']);
    expect((await store([night])).map((r) => r.status)).toEqual(['duplicate']);
  });

  it('stores 4,500 sessions in one batch (past the 65,535 parameters of one PostgreSQL statement)', async () => {
    const u = await createTestUser(t);
    // Workouts (no derived values to refresh), 16 parameters a row: 72,000 in one statement.
    const runs = Array.from({ length: 4500 }, (_, i) => {
      const start = Date.parse('2010-01-01T18:00:00Z') + i * 86_400_000;
      return {
        kind: 'session',
        type: 'workout',
        start: new Date(start).toISOString(),
        end: new Date(start + 3_600_000).toISOString(),
      };
    });
    const results = await t.database.db.transaction((tx) =>
      createImportBatchWriter(t.app.ctx).store(u.user.id, randomUUID(), runs, tx),
    );
    expect(results.filter((r) => r.status === 'stored')).toHaveLength(4500);
  });
});
