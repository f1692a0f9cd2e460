import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../../test/harness';
import { createObservationsRepo, partnerReads, readingPages, sessionPages } from '..';
import { createHealthDataIngest } from '../ingest.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const scale = { source: 'device' as const, deviceId: 'scale-reader', deviceKind: 'scale' as const };
const watch = { source: 'device' as const, deviceId: 'watch-reader', deviceKind: 'watch' as const };
const at = (iso: string) => new Date(iso);

/** A user with three weigh-ins (the middle one deleted), a series of each width, and two nights. */
async function seeded() {
  const { user, client } = await createTestUser(t);
  const ingest = createHealthDataIngest(t.app.ctx);
  const weighIn = (takenAt: string, value: number) => ({
    kind: 'reading',
    takenAt,
    measures: [{ metric: 'weight', value, unit: 'kg' }],
  });
  const { results } = await ingest.ingest(user.id, scale, [
    weighIn('2026-04-01T07:00:00Z', 80),
    weighIn('2026-04-02T07:00:00Z', 81),
    weighIn('2026-04-03T07:00:00Z', 82),
  ]);
  expect(results.every((r) => r.status === 'stored')).toBe(true);
  const deleted = results[1]!.ref!;
  expect((await client.delete(`/api/health-data/readings/${deleted}`)).statusCode).toBe(204);
  // Heart rate fits 16 bits (width 2); hourly steps of 40,000 do not (width 4).
  const series = await ingest.ingest(user.id, watch, [
    {
      kind: 'series',
      metric: 'heart_rate',
      unit: 'bpm',
      start: '2026-04-01T10:00:00Z',
      intervalSeconds: 60,
      values: [61, 62, null, 64],
    },
    {
      kind: 'series',
      metric: 'steps',
      unit: 'steps',
      start: '2026-04-01T10:00:00Z',
      intervalSeconds: 3600,
      values: [40000, 100, 39999],
    },
  ]);
  expect(series.results.every((r) => r.status === 'stored')).toBe(true);
  const night = (start: string, end: string) => ({ kind: 'session', type: 'sleep', start, end, stages: [] });
  const nights = await ingest.ingest(user.id, watch, [
    night('2026-04-01T22:00:00Z', '2026-04-02T06:00:00Z'),
    night('2026-04-02T22:00:00Z', '2026-04-03T06:00:00Z'),
  ]);
  expect(nights.results.every((r) => r.status === 'stored')).toBe(true);
  const deletedNight = nights.results[0]!.ref!;
  expect((await client.delete(`/api/health-data/sessions/${deletedNight}`)).statusCode).toBe(204);
  return { userId: user.id, deleted, deletedNight };
}

describe('health-data reader', () => {
  it('leaves deleted readings and sessions out of every read but the archive', async () => {
    const { userId, deleted, deletedNight } = await seeded();
    const reads = partnerReads(t.database.db);
    const groups = await reads.measureGroups(userId, { metrics: ['weight'], offset: 0, limit: 10 });
    expect(groups.map((g) => g.measures[0]!.value)).toEqual([82, 80]);
    expect(groups.map((g) => g.id)).not.toContain(deleted);

    const observations = await createObservationsRepo(t.database.db).page(userId, {
      keys: ['body-weight', 'weight'],
      metrics: ['weight'],
      includeBmi: false,
      date: {},
      lastUpdated: {},
      descending: false,
      limit: 10,
    });
    expect(observations.map((o) => o.readingId)).not.toContain(deleted);
    expect(observations).toHaveLength(2);
    expect(await createObservationsRepo(t.database.db).readings(userId, [deleted])).toEqual([]);

    const sessions = await reads.sessions(userId, { type: 'sleep', offset: 0, limit: 10 });
    expect(sessions.map((s) => s.id)).not.toContain(deletedNight);
    expect(sessions).toHaveLength(1);

    // The person's own archive is everything held: the deletions are there, as tombstones.
    const archived = [];
    for await (const page of readingPages(t.database.db, userId, { pageRows: 2, seriesPageDays: 1 })) {
      archived.push(...page);
    }
    expect(archived.map((r) => r.id)).toContain(deleted);
    expect(archived.find((r) => r.id === deleted)).toMatchObject({
      deletedAt: expect.any(Date),
      measures: [],
    });
    const archivedSessions = [];
    for await (const page of sessionPages(t.database.db, userId, { pageRows: 1, seriesPageDays: 1 })) {
      archivedSessions.push(...page);
    }
    expect(archivedSessions.map((s) => s.id)).toContain(deletedNight);
  });

  it('reads ranges as [from, to): readings by instant, series points by slot', async () => {
    const { userId } = await seeded();
    const reads = partnerReads(t.database.db);
    const inRange = await reads.measureGroups(userId, {
      metrics: ['weight'],
      from: at('2026-04-01T07:00:00Z'),
      to: at('2026-04-02T23:00:00Z'),
      offset: 0,
      limit: 10,
    });
    expect(inRange.map((g) => g.measures[0]!.value)).toEqual([80]);
    const values = await reads.readingValues(
      userId,
      ['weight'],
      at('2026-04-01T07:00:00Z'),
      at('2026-04-03T07:00:00Z'),
    );
    expect(values.map((v) => v.value)).toEqual([80]);

    const hr = await reads.seriesPoints(
      userId,
      ['heart_rate'],
      Date.parse('2026-04-01T10:01:00Z'),
      Date.parse('2026-04-01T10:03:00Z'),
    );
    // 10:02 is a gap; 10:03 is the range's open end.
    expect(hr.map((p) => [new Date(p.t).toISOString(), p.v])).toEqual([['2026-04-01T10:01:00.000Z', 62]]);
  });

  it('decodes series in int16 and int32 ranges to the stored values (compact rows, width 1)', async () => {
    const { userId } = await seeded();
    const points = await partnerReads(t.database.db).seriesPoints(
      userId,
      ['heart_rate', 'steps'],
      Date.parse('2026-04-01T00:00:00Z'),
      Date.parse('2026-04-02T00:00:00Z'),
    );
    const of = (metric: string) => points.filter((p) => p.metric === metric).map((p) => p.v);
    expect(of('heart_rate')).toEqual([61, 62, 64]);
    expect(of('steps')).toEqual([40000, 100, 39999]);
    const { rows } = await t.database.raw.query<{ metric: string; width: number }>(
      `SELECT metric, width FROM health_series_days WHERE user_id = $1 ORDER BY metric`,
      [userId],
    );
    expect(rows.map((r) => [r.metric, Number(r.width)])).toEqual([
      ['heart_rate', 1],
      ['steps', 1],
    ]);
  });
});
