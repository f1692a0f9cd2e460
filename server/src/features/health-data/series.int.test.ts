import { timeseriesOutSchema } from '@vitalbase/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createHealthDataIngest } from './ingest.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const base = '/api/health-data';
const watch = { source: 'device' as const, deviceId: 'watch-1', deviceKind: 'watch' as const };

describe('intraday series', () => {
  it('merges a late sync into a day, answers duplicate for a resend, and downsamples to the right buckets', async () => {
    const { user, client } = await createTestUser(t);
    const ingest = createHealthDataIngest(t.app.ctx);
    const start = '2026-05-01T00:00:00Z';
    const values = Array.from({ length: 1440 }, (_, i) => 40 + (i % 100));
    const morning = values.slice(0, 720);
    const evening = values.slice(720);
    const r1 = await ingest.ingest(user.id, watch, [
      { kind: 'series', metric: 'heart_rate', unit: 'bpm', start, intervalSeconds: 60, values: morning },
    ]);
    expect(r1.results[0]!.status).toBe('stored');
    const late = {
      kind: 'series',
      metric: 'heart_rate',
      unit: 'bpm',
      // A late sync from the same place: a series day keeps one offset (docs/time-zones.md, travel).
      start: '2026-05-01T12:00:00+00:00',
      intervalSeconds: 60,
      values: evening,
    };
    expect((await ingest.ingest(user.id, watch, [late])).results[0]!.status).toBe('stored');
    expect((await ingest.ingest(user.id, watch, [late])).results[0]!.status).toBe('duplicate');

    const day = await client.get(
      `${base}/timeseries?metric=heart_rate&from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z`,
    );
    expect(day.statusCode).toBe(200);
    expect(day.json().bucketSeconds).toBe(60);
    expect(day.json().buckets).toHaveLength(1440);
    const hourly = await client.get(
      `${base}/timeseries?metric=heart_rate&from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z&bucketSeconds=3600`,
    );
    const first = hourly.json().buckets[0];
    const firstHour = values.slice(0, 60);
    expect(hourly.json().buckets).toHaveLength(24);
    expect(first).toMatchObject({ min: Math.min(...firstHour), max: Math.max(...firstHour), count: 60 });
    expect(first.mean).toBeCloseTo(firstHour.reduce((a, b) => a + b, 0) / 60, 6);
    const week = await client.get(
      `${base}/timeseries?metric=heart_rate&from=2026-04-28T00:00:00Z&to=2026-05-05T00:00:00Z`,
    );
    expect(week.json().bucketSeconds).toBe(600);
    expect(week.json().buckets).toHaveLength(144);
    expect(week.json().buckets.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(1440);
    const decade = await client.get(
      `${base}/timeseries?metric=heart_rate&from=2016-05-01T00:00:00Z&to=2026-05-05T00:00:00Z`,
    );
    expect(Math.ceil((10 * 366 * 86400) / decade.json().bucketSeconds)).toBeLessThanOrEqual(2000);

    const latest = (await client.get(`${base}/latest`)).json();
    expect(latest.raw).toContainEqual(
      expect.objectContaining({
        metric: 'heart_rate',
        value: values[1439],
        at: '2026-05-01T23:59:00.000Z',
        from: 'series',
      }),
    );
    const rhr = (
      await client.get(
        `${base}/derived?kind=resting_heart_rate&from=2026-04-30T00:00:00Z&to=2026-05-03T00:00:00Z`,
      )
    ).json();
    // Lowest tenth of the day (144 values): 40–48 fifteen times each, then nine 49s → mean 44.3.
    expect(rhr.items).toEqual([expect.objectContaining({ key: '2026-05-01', value: 44 })]);

    const changes = (
      await client.get(
        `${base}/changes?since=2026-01-01T00:00:00Z&cursor=${Buffer.from(JSON.stringify({ phase: 'series', t: 0, id: '' })).toString('base64url')}`,
      )
    ).json();
    expect(changes.seriesDays).toHaveLength(1);
    expect(changes.seriesDays[0].values).toEqual(values);
    const other = await createTestUser(t);
    expect(
      (
        await other.client.get(
          `${base}/timeseries?metric=heart_rate&from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z`,
        )
      ).json().buckets,
    ).toEqual([]);
  });

  it('aggregates steps per local day across a DST change (a 23-hour day in Paris)', async () => {
    const { user, client } = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const ingest = createHealthDataIngest(t.app.ctx);
    // 2026-03-28 22:00Z .. 2026-03-29 22:00Z: the last local hour of the 28th, then all 23 hours of the 29th.
    const values = Array.from({ length: 24 * 60 }, () => 2);
    const { results } = await ingest.ingest(user.id, watch, [
      {
        kind: 'series',
        metric: 'steps',
        unit: 'steps',
        start: '2026-03-28T23:00:00+01:00',
        intervalSeconds: 60,
        values,
      },
    ]);
    expect(results[0]!.status).toBe('stored');
    const res = await client.get(`${base}/aggregates?metric=steps&period=day&from=2026-03-28&to=2026-03-30`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.timeZone).toBe('Europe/Paris');
    expect(body.periods.map((p: { period: string; sum: number | null }) => [p.period, p.sum])).toEqual([
      ['2026-03-28', 120],
      ['2026-03-29', 23 * 60 * 2],
      ['2026-03-30', null],
    ]);
    expect(body.periods[1]).toMatchObject({
      start: '2026-03-28T23:00:00.000Z',
      end: '2026-03-29T22:00:00.000Z',
    });
    const totals = (
      await client.get(`${base}/derived?kind=daily_totals&from=2026-03-27T00:00:00Z&to=2026-04-01T00:00:00Z`)
    ).json();
    expect(totals.items.map((i: { key: string; value: number }) => [i.key, i.value])).toEqual([
      ['2026-03-28', 120],
      ['2026-03-29', 2760],
    ]);
    const weekly = (
      await client.get(`${base}/aggregates?metric=steps&period=week&from=2026-03-28&to=2026-03-30`)
    ).json();
    expect(weekly.periods.map((p: { period: string; sum: number | null }) => [p.period, p.sum])).toEqual([
      ['2026-03-23', 2880],
      ['2026-03-30', null],
    ]);
  });

  it('charts a pulse stored as readings and as a series together, in the documented shape (no zod on the way out)', async () => {
    const { user, client } = await createTestUser(t);
    const ingest = createHealthDataIngest(t.app.ctx);
    const values = Array.from({ length: 1440 }, (_, i) => 50 + ((i * 7) % 60));
    // A source key beyond ASCII: the day summaries carry it as UTF-8 bytes (series.repo.ts).
    const montre = { ...watch, deviceId: 'montre-été-1' };
    await ingest.ingest(user.id, montre, [
      {
        kind: 'series',
        metric: 'heart_rate',
        unit: 'bpm',
        start: '2026-05-01T00:00:00Z',
        intervalSeconds: 60,
        values,
      },
    ]);
    for (const [takenAt, value] of [
      ['2026-05-01T06:10:00.250Z', 130],
      ['2026-05-01T23:59:59.999Z', 31],
      ['2026-05-02T00:00:00.000Z', 200],
    ] as const)
      await client.post(`${base}/readings`, {
        takenAt,
        measures: [{ metric: 'heart_rate', value, unit: 'bpm' }],
      });
    // A window that is not on a quarter hour: edge cells come from the points, the rest from rollups.
    const res = await client.get(
      `${base}/timeseries?metric=heart_rate&from=2026-05-01T00:07:30.500Z&to=2026-05-02T00:00:00Z&bucketSeconds=21600`,
    );
    expect(res.statusCode).toBe(200);
    const body = timeseriesOutSchema.strict().parse(res.json());
    const from = Date.parse('2026-05-01T00:07:30.500Z');
    const expected = [0, 1, 2, 3].map((b) => {
      const start = from + b * 21_600_000;
      const inIt = values.filter((_, i) => {
        const t = Date.parse('2026-05-01T00:00:00Z') + i * 60_000;
        return t >= start && t < start + 21_600_000 && t < Date.parse('2026-05-02T00:00:00Z');
      });
      if (b === 1) inIt.push(130);
      if (b === 3) inIt.push(31);
      return {
        start: new Date(start).toISOString(),
        min: Math.min(...inIt),
        max: Math.max(...inIt),
        mean: inIt.reduce((a, v) => a + v, 0) / inIt.length,
        count: inIt.length,
      };
    });
    expect(body.buckets.map((b) => ({ ...b, mean: Math.round(b.mean * 1e6) }))).toEqual(
      expected.map((b) => ({ ...b, mean: Math.round(b.mean * 1e6) })),
    );
  });

  it('puts a reading in the local day where the user lives (non-UTC offset)', async () => {
    const { client } = await createTestUser(t, { timeZone: 'America/New_York' });
    await client.post(`${base}/readings`, {
      takenAt: '2026-06-09T22:30:00-04:00',
      measures: [{ metric: 'weight', value: 70, unit: 'kg' }],
    });
    await client.post(`${base}/readings`, {
      takenAt: '2026-06-10T08:00:00-04:00',
      measures: [{ metric: 'weight', value: 72, unit: 'kg' }],
    });
    const body = (
      await client.get(`${base}/aggregates?metric=weight&period=day&from=2026-06-09&to=2026-06-10`)
    ).json();
    expect(body.periods.map((p: { mean: number | null; count: number }) => [p.mean, p.count])).toEqual([
      [70, 1],
      [72, 1],
    ]);
    const monthly = (
      await client.get(`${base}/aggregates?metric=weight&period=month&from=2026-06-01&to=2026-06-30`)
    ).json();
    expect(monthly.periods).toEqual([
      expect.objectContaining({ period: '2026-06-01', min: 70, max: 72, mean: 71, count: 2 }),
    ]);
    expect(
      (await client.get(`${base}/aggregates?metric=weight&period=day&from=2026-06-10&to=2026-06-09`))
        .statusCode,
    ).toBe(400);
    expect(
      (await client.get(`${base}/aggregates?metric=weight&period=year&from=2026-06-01&to=2026-06-09`))
        .statusCode,
    ).toBe(400);
  });

  it('rejects bad series: misaligned start, out-of-range point, unknown unit, an interval not dividing a day', async () => {
    const { user } = await createTestUser(t);
    const ingest = createHealthDataIngest(t.app.ctx);
    const s = {
      kind: 'series',
      metric: 'heart_rate',
      unit: 'bpm',
      start: '2026-05-01T00:00:30Z',
      intervalSeconds: 60,
      values: [60, 61],
    };
    const { results } = await ingest.ingest(user.id, watch, [
      s,
      { ...s, start: '2026-05-01T00:00:00Z', values: [60, 400] },
      { ...s, start: '2026-05-01T00:00:00Z', unit: 'Hz' },
      { ...s, start: '2026-05-01T00:00:00Z', intervalSeconds: 7 },
      { ...s, start: '2026-05-01T00:00:00Z', values: [null, null] },
    ]);
    expect(results.map((r) => r.errors?.[0]?.code)).toEqual([
      'misaligned_start',
      'out_of_range',
      'unknown_unit',
      'custom',
      'empty_series',
    ]);
    expect(results[1]!.errors![0]!.path).toBe('values.1');
  });
});
