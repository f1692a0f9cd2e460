import { roundTo } from '@vitalbase/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createGoalsRepo } from '../goals';
import { createHealthDataIngest } from '../health-data';
import { getactivity, getintradayactivity, getworkouts } from './activity.service';
import { getmeas, getmeasParams, measuredTypes } from './getmeas.service';
import { heartList } from './heart.service';
import { sleepGet, sleepGetsummary } from './sleep.service';
import { getgoals } from './user.service';
import { parseParams, WbsapiError } from './wbsapi-request';
import { createWbsapiRepo } from './wbsapi.repo';
import { fromWithingsValue, withingsIdOf } from './withings-values';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const manual = { source: 'manual' as const };
const repo = () => createWbsapiRepo(t.database.db);
const now = () => t.clock.now();

/** Collects every page of getmeas with a page size, asking with the offset while `more` is 1. */
async function allPages(userId: string, params: Record<string, string>, pageSize: number) {
  const grpids: number[] = [];
  const dates: number[] = [];
  let offset = 0;
  for (let page = 0; page < 1000; page++) {
    const p = parseParams(getmeasParams, { ...params, offset: String(offset) });
    const body = await getmeas(repo(), userId, p, now(), pageSize);
    expect(body.measuregrps.length).toBeLessThanOrEqual(pageSize);
    for (const g of body.measuregrps) {
      grpids.push(g.grpid);
      dates.push(g.date);
    }
    if (!body.more) return { grpids, dates };
    expect(body.offset).toBe(offset + pageSize);
    offset = body.offset;
  }
  throw new Error('pagination did not end');
}

describe('getmeas', () => {
  it('returns each group exactly once over any page size and filter (property)', async () => {
    const { user } = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const ingest = createHealthDataIngest(t.app.ctx);
    const items: unknown[] = [];
    const expected: Array<{ day: number; types: number[] }> = [];
    for (let i = 0; i < 24; i++) {
      // Two readings share each even day's instant (a weigh-in and a BP reading): ties need the id order.
      const at = `2026-03-${String(1 + Math.floor(i / 2)).padStart(2, '0')}T07:00:00+01:00`;
      if (i % 2 === 0) {
        items.push({
          kind: 'reading',
          takenAt: at,
          measures: [
            { metric: 'weight', value: 70 + i / 10, unit: 'kg' },
            { metric: 'fat_ratio', value: 20.5, unit: '%' },
          ],
        });
        expected.push({ day: 1 + Math.floor(i / 2), types: [1, 6] });
      } else {
        items.push({
          kind: 'reading',
          takenAt: at,
          measures: [
            { metric: 'systolic_bp', value: 120, unit: 'mmHg' },
            { metric: 'diastolic_bp', value: 80, unit: 'mmHg' },
            { metric: 'heart_rate', value: 60 + i, unit: 'bpm' },
          ],
        });
        expected.push({ day: 1 + Math.floor(i / 2), types: [9, 10, 11] });
      }
    }
    const { results } = await ingest.ingest(user.id, manual, items);
    expect(results.every((r) => r.status === 'stored')).toBe(true);
    const ids = results.map((r) => withingsIdOf(r.ref!));
    expect(new Set(ids).size).toBe(ids.length);

    const filters = fc.constantFrom<
      Array<{ params: Record<string, string>; keep: (e: (typeof expected)[number]) => boolean }>
    >(
      { params: {}, keep: () => true },
      { params: { meastype: '1' }, keep: (e: (typeof expected)[number]) => e.types.includes(1) },
      { params: { meastypes: '9,10' }, keep: (e: (typeof expected)[number]) => e.types.includes(9) },
      { params: { meastypes: '4' }, keep: () => false },
      {
        params: {
          startdate: String(Date.parse('2026-03-03T00:00:00Z') / 1000),
          enddate: String(Date.parse('2026-03-08T23:00:00Z') / 1000),
        },
        keep: (e: (typeof expected)[number]) => e.day >= 3 && e.day <= 8,
      },
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 30 }), filters, async (pageSize, f) => {
        const { grpids, dates } = await allPages(user.id, f.params, pageSize);
        const want = ids.filter((_, i) => f.keep(expected[i]!));
        expect(grpids).toHaveLength(want.length);
        expect(new Set(grpids)).toEqual(new Set(want));
        expect(dates).toEqual([...dates].sort((a, b) => b - a));
      }),
      { numRuns: 25 },
    );
    const other = await createTestUser(t);
    expect((await allPages(other.user.id, {}, 5)).grpids).toEqual([]);
  });

  it('value × 10^unit is the stored value for every metric with a Withings code', async () => {
    const { user } = await createTestUser(t);
    const ingest = createHealthDataIngest(t.app.ctx);
    const stored = new Map<number, number>();
    const items: unknown[] = [];
    measuredTypes.forEach((def, i) => {
      if (def.id === 'diastolic_bp') return;
      const value = roundTo(def.range.min + (def.range.max - def.range.min) * 0.3719, def.decimals);
      const measures = [{ metric: def.id, value, unit: def.unit }];
      stored.set(def.withingsType!, value);
      if (def.id === 'systolic_bp') {
        measures.push({ metric: 'diastolic_bp', value: 81, unit: 'mmHg' });
        stored.set(9, 81);
      }
      items.push({ kind: 'reading', takenAt: `2026-04-01T08:${String(i).padStart(2, '0')}:00Z`, measures });
    });
    const { results } = await ingest.ingest(user.id, manual, items);
    expect(results.filter((r) => r.status !== 'stored')).toEqual([]);
    const body = await getmeas(repo(), user.id, parseParams(getmeasParams, {}), now());
    const seen = new Map<number, number>();
    for (const g of body.measuregrps) for (const m of g.measures) seen.set(m.type, fromWithingsValue(m));
    expect(seen.size).toBe(measuredTypes.length);
    expect(seen).toEqual(stored);
    for (const g of body.measuregrps) {
      expect(g).toMatchObject({ category: 1, attrib: 2, deviceid: null, timezone: 'UTC' });
      for (const m of g.measures) expect(Number.isInteger(m.value)).toBe(true);
    }
  });

  it('category 2 answers the weight goal; lastupdate and dates filter', async () => {
    const { user } = await createTestUser(t);
    const before = now();
    await createGoalsRepo(t.database.db).upsert({
      userId: user.id,
      kind: 'weight',
      value: 68.5,
      updatedAt: before,
    });
    await createGoalsRepo(t.database.db).upsert({
      userId: user.id,
      kind: 'steps',
      value: 9000,
      updatedAt: before,
    });
    const objectives = await getmeas(repo(), user.id, parseParams(getmeasParams, { category: '2' }), now());
    expect(objectives.measuregrps).toHaveLength(1);
    expect(objectives.measuregrps[0]).toMatchObject({
      category: 2,
      measures: [{ type: 1, value: 685, unit: -1 }],
    });
    expect(
      (await getmeas(repo(), user.id, parseParams(getmeasParams, { category: '2', meastype: '9' }), now()))
        .measuregrps,
    ).toEqual([]);
    expect(await getgoals(repo(), user.id)).toEqual({
      goals: { steps: 9000, weight: { value: 685, unit: -1 } },
    });

    const ingest = createHealthDataIngest(t.app.ctx);
    await ingest.ingest(user.id, manual, [
      {
        kind: 'reading',
        takenAt: '2026-02-01T08:00:00Z',
        measures: [{ metric: 'weight', value: 70, unit: 'kg' }],
      },
    ]);
    const later = Math.floor(now().getTime() / 1000) + 5;
    const none = await getmeas(
      repo(),
      user.id,
      parseParams(getmeasParams, { lastupdate: `${later}.25` }),
      now(),
    );
    expect(none.measuregrps).toEqual([]);
    const all = await getmeas(
      repo(),
      user.id,
      parseParams(getmeasParams, { lastupdate: String(later - 3600) }),
      now(),
    );
    expect(all.measuregrps).toHaveLength(1);
  });

  it('refuses malformed parameters with 503 and the parameter name only', () => {
    const bads: Array<Record<string, string>> = [
      { meastype: 'x' },
      { meastypes: '1;2' },
      { startdate: '-5' },
      { category: '3' },
      { offset: '1.5' },
      { lastupdate: '1e30' },
    ];
    for (const bad of bads) {
      const err = (() => {
        try {
          parseParams(getmeasParams, bad);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(WbsapiError);
      expect((err as WbsapiError).status).toBe(503);
      expect((err as WbsapiError).message).toContain(Object.keys(bad)[0]);
      expect((err as WbsapiError).message).not.toContain(Object.values(bad)[0]);
    }
  });
});

describe('activity, sleep, heart', () => {
  it('answers daily activity, intraday series and workouts from the stored data', async () => {
    const { user } = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const ingest = createHealthDataIngest(t.app.ctx);
    const watch = { source: 'device' as const, deviceId: 'watch-1', deviceKind: 'watch' as const };
    const { results } = await ingest.ingest(user.id, watch, [
      {
        kind: 'series',
        metric: 'steps',
        unit: 'steps',
        start: '2026-05-10T08:00:00+02:00',
        intervalSeconds: 60,
        values: [100, 120, null, 80],
      },
      {
        kind: 'series',
        metric: 'heart_rate',
        unit: 'bpm',
        start: '2026-05-10T08:00:00+02:00',
        intervalSeconds: 60,
        values: [90, 110, 100],
      },
      {
        kind: 'series',
        metric: 'activity_intensity',
        unit: 'MET',
        start: '2026-05-10T08:00:00+02:00',
        intervalSeconds: 60,
        values: [2, 4, 7, 1],
      },
      {
        kind: 'session',
        type: 'workout',
        workoutType: 'running',
        start: '2026-05-10T08:00:00+02:00',
        end: '2026-05-10T08:30:00+02:00',
        metrics: [
          { metric: 'active_calories', value: 250.5, unit: 'kcal' },
          { metric: 'distance', value: 5000, unit: 'm' },
        ],
      },
    ]);
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored', 'stored']);

    const act = await getactivity(repo(), user.id, { startdateymd: '2026-05-09', enddateymd: '2026-05-11' });
    expect(act.activities).toHaveLength(1);
    expect(act.activities[0]).toMatchObject({
      date: '2026-05-10',
      timezone: 'Europe/Paris',
      steps: 300,
      hr_average: 100,
      hr_min: 90,
      hr_max: 110,
      soft: 60,
      moderate: 60,
      intense: 60,
      active: 120,
    });
    const onlySteps = await getactivity(repo(), user.id, {
      startdateymd: '2026-05-10',
      enddateymd: '2026-05-10',
      data_fields: new Set(['steps']),
    });
    expect(onlySteps.activities[0]).not.toHaveProperty('hr_average');
    expect(onlySteps.activities[0]).toHaveProperty('steps', 300);
    await expect(getactivity(repo(), user.id, {})).rejects.toMatchObject({ status: 503 });

    const start = new Date('2026-05-10T06:00:00Z');
    const intraday = await getintradayactivity(
      repo(),
      user.id,
      { startdate: start, enddate: new Date('2026-05-10T07:00:00Z') },
      now(),
    );
    const first = String(start.getTime() / 1000);
    expect(intraday.series[first]).toEqual({ deviceid: 'watch-1', duration: 60, steps: 100, heart_rate: 90 });
    expect(Object.keys(intraday.series)).toHaveLength(4);

    const workouts = await getworkouts(repo(), user.id, {
      startdateymd: '2026-05-10',
      enddateymd: '2026-05-10',
    });
    expect(workouts.series).toEqual([
      expect.objectContaining({
        category: 2,
        date: '2026-05-10',
        startdate: start.getTime() / 1000,
        enddate: start.getTime() / 1000 + 1800,
        // Integers, as the reference types them; the duration is enddate − startdate.
        data: { calories: 251, distance: 5000 },
      }),
    ]);
    expect(
      (await getworkouts(repo(), user.id, { startdateymd: '2026-05-11', enddateymd: '2026-05-12' })).series,
    ).toEqual([]);
  });

  it('answers sleep stages with their series and a summary per night', async () => {
    const { user } = await createTestUser(t);
    const ingest = createHealthDataIngest(t.app.ctx);
    const analyzer = {
      source: 'device' as const,
      deviceId: 'sleep-1',
      deviceKind: 'sleep_analyzer' as const,
    };
    const { results } = await ingest.ingest(user.id, analyzer, [
      {
        kind: 'session',
        type: 'sleep',
        start: '2026-05-01T22:00:00Z',
        end: '2026-05-02T06:00:00Z',
        stages: [
          { stage: 'awake', start: '2026-05-01T22:00:00Z', end: '2026-05-01T22:20:00Z' },
          { stage: 'light', start: '2026-05-01T22:20:00Z', end: '2026-05-02T01:00:00Z' },
          { stage: 'deep', start: '2026-05-02T01:00:00Z', end: '2026-05-02T03:00:00Z' },
          { stage: 'rem', start: '2026-05-02T03:00:00Z', end: '2026-05-02T05:50:00Z' },
        ],
        events: [{ type: 'snoring', start: '2026-05-02T01:30:00Z', end: '2026-05-02T01:45:00Z' }],
      },
      {
        kind: 'series',
        metric: 'heart_rate',
        unit: 'bpm',
        start: '2026-05-02T01:00:00Z',
        intervalSeconds: 60,
        values: [50, 54, 52],
      },
    ]);
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored']);
    const from = new Date('2026-05-01T21:00:00Z');
    const to = new Date('2026-05-02T07:00:00Z');
    const states = await sleepGet(repo(), user.id, { startdate: from, enddate: to });
    expect(states.series.map((s) => s.state)).toEqual([0, 1, 2, 3]);
    expect(states.series[0]).not.toHaveProperty('hr');
    const withHr = await sleepGet(repo(), user.id, {
      startdate: from,
      enddate: to,
      data_fields: new Set(['hr']),
    });
    const t0 = Date.parse('2026-05-02T01:00:00Z') / 1000;
    expect(withHr.series[2]!.hr).toEqual({ [t0]: 50, [t0 + 60]: 54, [t0 + 120]: 52 });
    expect(withHr.series[1]!.hr).toEqual({});
    await expect(sleepGet(repo(), user.id, { startdate: to, enddate: from })).rejects.toMatchObject({
      status: 503,
    });

    const summary = await sleepGetsummary(repo(), user.id, {
      startdateymd: '2026-05-02',
      enddateymd: '2026-05-02',
    });
    expect(summary.series).toHaveLength(1);
    expect(summary.series[0]).toMatchObject({
      id: withingsIdOf(results[0]!.ref!),
      date: '2026-05-02',
      hash_deviceid: 'sleep-1',
      data: {
        total_timeinbed: 8 * 3600,
        total_sleep_time: 8 * 3600 - 30 * 60,
        deepsleepduration: 7200,
        durationtosleep: 20 * 60,
        wakeup_latency: 600,
        snoring: 900,
        snoringepisodecount: 1,
        nb_rem_episodes: 1,
        hr_average: 52,
        hr_min: 50,
        hr_max: 54,
      },
    });
    expect(
      (await sleepGetsummary(repo(), user.id, { startdateymd: '2026-05-03', enddateymd: '2026-05-04' }))
        .series,
    ).toEqual([]);
  });

  it('lists blood-pressure readings with their pulse as heart entries', async () => {
    const { user } = await createTestUser(t);
    const ingest = createHealthDataIngest(t.app.ctx);
    await ingest.ingest(user.id, manual, [
      {
        kind: 'reading',
        takenAt: '2026-05-03T08:00:00Z',
        measures: [
          { metric: 'systolic_bp', value: 131, unit: 'mmHg' },
          { metric: 'diastolic_bp', value: 84, unit: 'mmHg' },
          { metric: 'heart_rate', value: 66, unit: 'bpm' },
        ],
      },
      {
        kind: 'reading',
        takenAt: '2026-05-03T09:00:00Z',
        measures: [{ metric: 'heart_rate', value: 70, unit: 'bpm' }],
      },
    ]);
    const body = await heartList(repo(), user.id, {});
    expect(body.series).toEqual([
      expect.objectContaining({
        bloodpressure: { systole: 131, diastole: 84 },
        heart_rate: 66,
        timestamp: Date.parse('2026-05-03T08:00:00Z') / 1000,
      }),
    ]);
  });
});
