import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createHealthDataIngest } from './ingest.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const base = '/api/health-data';
const scale = { source: 'device' as const, deviceId: 'scale-tz', deviceKind: 'scale' as const };
const watch = { source: 'device' as const, deviceId: 'watch-tz', deviceKind: 'watch' as const };
const weighIn = (takenAt: string, kg: number) => ({
  kind: 'reading',
  takenAt,
  measures: [{ metric: 'weight', value: kg, unit: 'kg' }],
});

type Reading = { takenAt: string; utcOffsetMinutes: number };

describe('readings keep the offset they were lived at (docs/time-zones.md)', () => {
  it("places a time written with Z in the account's zone, on each side of Paris's DST changes", async () => {
    const { user, client } = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const ingest = createHealthDataIngest(t.app.ctx);
    const { results } = await ingest.ingest(user.id, scale, [
      weighIn('2026-03-29T00:30:00Z', 70),
      weighIn('2026-03-29T01:30:00Z', 70.1),
      weighIn('2026-10-25T00:30:00Z', 70.2),
      weighIn('2026-10-25T01:30:00Z', 70.3),
      // Travel: a weigh-in in Tokyo keeps its own offset.
      weighIn('2026-06-10T07:00:00+09:00', 70.4),
    ]);
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored', 'stored', 'stored']);
    const res = await client.get(
      `${base}/readings?metric=weight&from=2026-03-01T00:00:00Z&to=2026-11-01T00:00:00Z`,
    );
    expect(res.statusCode).toBe(200);
    const offsets = (res.json().items as Reading[])
      .map((r) => [r.takenAt, r.utcOffsetMinutes])
      .sort(([a], [b]) => String(a).localeCompare(String(b)));
    expect(offsets).toEqual([
      ['2026-03-29T00:30:00.000Z', 60],
      ['2026-03-29T01:30:00.000Z', 120],
      ['2026-06-09T22:00:00.000Z', 540],
      ['2026-10-25T00:30:00.000Z', 120],
      ['2026-10-25T01:30:00.000Z', 60],
    ]);
    // The dashboard's latest value says where it was lived too.
    const latest = (await client.get(`${base}/latest`)).json();
    expect(latest.raw.find((v: { metric: string }) => v.metric === 'weight')).toMatchObject({
      at: '2026-10-25T01:30:00.000Z',
      utcOffsetMinutes: 60,
    });
  });

  it("places a corrected time written with Z in the account's zone (Los Angeles, 1 November 2026)", async () => {
    const { user, client } = await createTestUser(t, { timeZone: 'America/Los_Angeles' });
    const ingest = createHealthDataIngest(t.app.ctx);
    await ingest.ingest(user.id, scale, [weighIn('2026-11-01T07:30:00-07:00', 80)]);
    const list = await client.get(
      `${base}/readings?metric=weight&from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z`,
    );
    const [reading] = list.json().items as Array<Reading & { id: string }>;
    expect(reading).toMatchObject({ utcOffsetMinutes: -420 });
    const moved = await client.patch(`${base}/readings/${reading!.id}`, { takenAt: '2026-11-01T15:30:00Z' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ takenAt: '2026-11-01T15:30:00.000Z', utcOffsetMinutes: -480 });
  });
});

describe('a day is the local day where it was lived', () => {
  it('adds up steps straddling UTC midnight on the Los Angeles day, 25 hours long at the DST change', async () => {
    const { user, client } = await createTestUser(t, { timeZone: 'America/Los_Angeles' });
    const ingest = createHealthDataIngest(t.app.ctx);
    // 15:00 to 18:00 on 1 November in Los Angeles: 23:00Z on 1 November to 02:00Z on 2 November.
    const { results } = await ingest.ingest(user.id, watch, [
      {
        kind: 'series',
        metric: 'steps',
        unit: 'steps',
        start: '2026-11-01T23:00:00Z',
        intervalSeconds: 60,
        values: Array.from({ length: 180 }, () => 1),
      },
    ]);
    expect(results[0]!.status).toBe('stored');
    const totals = (
      await client.get(`${base}/derived?kind=daily_totals&from=2026-10-31T00:00:00Z&to=2026-11-04T00:00:00Z`)
    ).json();
    expect(totals.items.map((i: { key: string; value: number }) => [i.key, i.value])).toEqual([
      ['2026-11-01', 180],
    ]);
    const days = (
      await client.get(`${base}/aggregates?metric=steps&period=day&from=2026-11-01&to=2026-11-02`)
    ).json();
    expect(days.periods).toMatchObject([
      { period: '2026-11-01', start: '2026-11-01T07:00:00.000Z', end: '2026-11-02T08:00:00.000Z', sum: 180 },
      { period: '2026-11-02', sum: null },
    ]);
  });
});

describe('a change of time zone keeps each day where it was lived', () => {
  it('leaves steps straddling midnight in Paris on their two Paris days (travel rule)', async () => {
    const { user, client } = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const ingest = createHealthDataIngest(t.app.ctx);
    // 23:30 to 00:30 in Paris (21:30Z to 22:30Z on 10 June), 14:30 to 15:30 in Los Angeles.
    await ingest.ingest(user.id, watch, [
      {
        kind: 'series',
        metric: 'steps',
        unit: 'steps',
        start: '2026-06-10T21:30:00Z',
        intervalSeconds: 60,
        values: Array.from({ length: 60 }, () => 2),
      },
    ]);
    const dayTotals = async () =>
      (
        await client.get(
          `${base}/derived?kind=daily_totals&from=2026-06-09T00:00:00Z&to=2026-06-13T00:00:00Z`,
        )
      )
        .json()
        .items.map((i: { key: string; value: number; details: { timeZone: string } }) => [
          i.key,
          i.value,
          i.details.timeZone,
        ]);
    expect(await dayTotals()).toEqual([
      ['2026-06-10', 60, 'Europe/Paris'],
      ['2026-06-11', 60, 'Europe/Paris'],
    ]);
    const changed = await client.patch('/api/me', { timeZone: 'America/Los_Angeles' });
    expect(changed.statusCode, changed.body).toBe(200);
    // The steps were lived in Paris (their stored offset): moving the account does not move them.
    expect(await dayTotals()).toEqual([
      ['2026-06-10', 60, 'America/Los_Angeles'],
      ['2026-06-11', 60, 'America/Los_Angeles'],
    ]);
  });
});
