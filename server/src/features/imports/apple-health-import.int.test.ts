import type { ImportView } from '@vitalbase/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import {
  APPLE_BILLION_LAUGHS,
  APPLE_EXPORT_HEAD,
  APPLE_FIXTURE_XML,
  APPLE_ROUTE_GPX,
  appleRecord,
} from './apple-health.test-support';
import { importRunJob } from './imports.jobs';
import { uploadImport, zipOf } from './imports.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function importApple(u: TestUser, file: Buffer, fileName = 'export.zip'): Promise<ImportView> {
  const id = await uploadImport(u.client, file, { format: 'apple_health', fileName, chunk: 1024 * 1024 });
  await importRunJob.run(t.app.ctx, { userId: u.user.id, importId: id });
  return (await u.client.get(`/api/me/imports/${id}`)).json() as ImportView;
}

async function rows<T>(sql: string, u: TestUser): Promise<T[]> {
  return (await t.database.raw.query<T>(sql, [u.user.id])).rows;
}
const stored = async (u: TestUser) => ({
  readings: (await rows('select id from health_readings where user_id = $1 and deleted_at is null', u))
    .length,
  sessions: (await rows('select id from health_sessions where user_id = $1 and deleted_at is null', u))
    .length,
  seriesDays: (await rows('select metric from health_series_days where user_id = $1', u)).length,
});

const exportZip = () =>
  zipOf({
    'apple_health_export/export.xml': APPLE_FIXTURE_XML,
    'apple_health_export/export_cda.xml': '<?xml version="1.0"?><ClinicalDocument/>',
    'apple_health_export/workout-routes/route_2026-11-02_6.32pm.gpx': APPLE_ROUTE_GPX,
  });

const routeOf = async (u: TestUser) =>
  (
    await rows<{ route: Array<{ t: number; lat: number; lon: number; alt?: number }> }>(
      `select route from health_sessions where user_id = $1 and type = 'workout'`,
      u,
    )
  )[0]!.route;

describe('Apple Health workout routes', () => {
  it('come with their workout under the geolocation consent, left out of the session before', async () => {
    const u = await createTestUser(t);
    const done = await importApple(u, await exportZip());
    expect(done.state, done.error ?? '').toBe('done');
    // Without the consent: the workout without its route, the route counted as skipped with why.
    expect(done.report!.skippedFiles).toContainEqual({
      file: 'apple_health_export/workout-routes/',
      reason: expect.stringContaining('consent to geolocation'),
    });
    expect(await routeOf(u)).toEqual([]);

    const v = await createTestUser(t);
    const granted = await v.client.put('/api/me/consents/geolocation', { granted: true, wordingVersion: 1 });
    expect(granted.statusCode, granted.body).toBe(200);
    const withRoute = await importApple(v, await exportZip());
    expect(withRoute.state, withRoute.error ?? '').toBe('done');
    expect(withRoute.report!.skippedFiles.map((f) => f.file)).toEqual(['apple_health_export/export_cda.xml']);
    // Seconds from the workout's start (18:00:30 -08:00); the point 5 s before it is left out.
    expect(await routeOf(v)).toEqual([
      { t: 1, lat: 37.774929, lon: -122.419416, alt: 12.3 },
      { t: 6, lat: 37.775101, lon: -122.419602, alt: 12.9 },
      { t: 1888, lat: 37.775274, lon: -122.419788, alt: 13.4 },
    ]);
  });
});

describe('Apple Health import', () => {
  it('imports what the file holds, counted as in the file, and a re-import adds nothing', async () => {
    const u = await createTestUser(t, { timeZone: 'America/Los_Angeles' });
    const done = await importApple(u, await exportZip());
    expect(done.state, done.error ?? '').toBe('done');
    expect(done.report).toMatchObject({
      imported: { readings: 7, series: 5, sessions: 2 },
      duplicates: 0,
      refused: 1,
    });
    expect(done.report!.refusals).toEqual([
      { line: expect.any(Number), code: 'out_of_range', reason: expect.any(String) },
    ]);
    expect(Object.fromEntries(done.report!.unmapped.map((x) => [x.type.split(' ')[0], x.count]))).toEqual({
      HKQuantityTypeIdentifierBodyMassIndex: 1,
      HKQuantityTypeIdentifierFlightsClimbed: 1,
      HKQuantityTypeIdentifierRestingHeartRate: 1,
      ActivitySummary: 1,
    });
    expect(done.report!.skippedFiles.map((f) => f.file).sort()).toEqual([
      'apple_health_export/export_cda.xml',
      'apple_health_export/workout-routes/',
    ]);
    expect(await stored(u)).toEqual({ readings: 7, sessions: 2, seriesDays: 5 });

    const values = await rows<{ metric: string; value: number }>(
      'select metric, value from health_measures where user_id = $1 order by metric, value',
      u,
    );
    expect(values).toEqual([
      { metric: 'body_temperature', value: 37 },
      { metric: 'diastolic_bp', value: 79 },
      { metric: 'heart_rate_variability', value: 48 },
      { metric: 'respiratory_rate', value: 14.5 },
      { metric: 'spo2', value: 97 },
      { metric: 'systolic_bp', value: 121 },
      { metric: 'weight', value: 74.8 },
      { metric: 'weight', value: 74.933 },
    ]);
    // The blood-pressure correlation is one reading holding both values.
    const bp = await rows<{ n: string }>(
      `select count(distinct reading_id) n from health_measures
        where user_id = $1 and metric in ('systolic_bp', 'diastolic_bp')`,
      u,
    );
    expect(Number(bp[0]!.n)).toBe(1);

    const again = await importApple(u, await exportZip());
    expect(again.state, again.error ?? '').toBe('done');
    expect(again.report).toMatchObject({ imported: { readings: 0, series: 0, sessions: 0 }, duplicates: 14 });
    expect(await stored(u)).toEqual({ readings: 7, sessions: 2, seriesDays: 5 });
  });

  it('the night becomes one sleep session with its stages, and the run a workout with its totals', async () => {
    const u = await createTestUser(t);
    const done = await importApple(u, Buffer.from(APPLE_FIXTURE_XML), 'export.xml');
    expect(done.state, done.error ?? '').toBe('done');
    const sessions = await rows<{
      type: string;
      start_at: Date;
      end_at: Date;
      workout_type: string | null;
      stages: Array<{ stage: string; start: number; end: number }>;
      metrics: Array<{ metric: string; value: number }>;
    }>('select * from health_sessions where user_id = $1 order by start_at', u);
    expect(sessions.map((s) => [s.type, s.workout_type])).toEqual([
      ['sleep', null],
      ['workout', 'running'],
    ]);
    const [night, run] = sessions;
    // From the in-bed start to its end, 22:50 → 06:55 at -08:00.
    expect(new Date(night!.start_at).toISOString()).toBe('2026-11-02T06:50:00.000Z');
    expect(new Date(night!.end_at).toISOString()).toBe('2026-11-02T14:55:00.000Z');
    expect(night!.stages.map((s) => [s.stage, s.start, s.end])).toEqual([
      ['light', 20 * 60, 130 * 60],
      ['deep', 130 * 60, 190 * 60],
      ['rem', 190 * 60, 250 * 60],
      ['awake', 250 * 60, 255 * 60],
      ['light', 255 * 60, 480 * 60],
    ]);
    expect([...run!.metrics].sort((a, b) => a.metric.localeCompare(b.metric))).toEqual([
      { metric: 'active_calories', value: 312.4 },
      { metric: 'distance', value: 5021.2 },
    ]);
  });

  it('a billion laughs is refused and stores nothing', async () => {
    const u = await createTestUser(t);
    const done = await importApple(u, Buffer.from(APPLE_BILLION_LAUGHS), 'export.xml');
    expect(done.state).toBe('failed');
    expect(done.error).toContain('entities');
    expect(await stored(u)).toEqual({ readings: 0, sessions: 0, seriesDays: 0 });
  });

  it('a truncated export fails after its first batches were stored, and keeps nothing', async () => {
    const u = await createTestUser(t);
    const weighIns = Array.from({ length: 1500 }, (_, i) =>
      appleRecord('HKQuantityTypeIdentifierBodyMass', {
        value: 70 + (i % 10) / 10,
        unit: 'kg',
        start: `2026-${String(1 + Math.floor(i / 140)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')} 07:${String(i % 60).padStart(2, '0')}:00 +0100`,
        source: 'phone',
      }),
    ).join('');
    const whole = APPLE_EXPORT_HEAD + weighIns;
    const done = await importApple(u, await zipOf({ 'apple_health_export/export.xml': whole }));
    expect(done.state).toBe('failed');
    expect(done.error).toContain('truncated');
    expect(await stored(u)).toEqual({ readings: 0, sessions: 0, seriesDays: 0 });
  });
});
