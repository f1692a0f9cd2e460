import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { connectPartner, registerTestPartnerApp } from '../../test/partner-harness';
import { makeUnit, type PairedDevice, pairUnit } from '../devices/devices.test-support';
import { createHealthDataIngest } from '../health-data';
import {
  getactivityBody,
  getdeviceBody,
  getgoalsBody,
  getintradayactivityBody,
  getmeasBody,
  getworkoutsBody,
  heartListBody,
  sleepGetBody,
  sleepGetsummaryBody,
} from './withings-reference.test-support';

/**
 * Every action's answer, as sent over HTTP, checked against the shapes of Withings' public reference
 * (withings-reference.test-support.ts), with devices the user paired, so model and device fields are
 * filled as on the original.
 */
const ALL = ['user.info', 'user.metrics', 'user.activity', 'user.sleepevents'];

let t: TestApp;
let user: TestUser;
let token: string;
let analyzer: PairedDevice;
let bpm: PairedDevice;
let watch: PairedDevice;

beforeAll(async () => {
  t = await createTestApp();
  // The user's zone is UTC; the devices record at +02:00 (the user travelled): answers say so.
  user = await createTestUser(t, { timeZone: 'UTC' });
  analyzer = await pairUnit(user.client, await makeUnit(t, 'vb-sleep'));
  bpm = await pairUnit(user.client, await makeUnit(t, 'vb-bpm'));
  watch = await pairUnit(user.client, await makeUnit(t, 'vb-watch'));
  const ingest = createHealthDataIngest(t.app.ctx);
  const steps = await ingest.ingest(
    user.user.id,
    { source: 'device', deviceId: watch.id, deviceKind: 'watch' },
    [
      {
        kind: 'series',
        metric: 'steps',
        unit: 'steps',
        start: '2026-05-03T10:00:00Z',
        intervalSeconds: 60,
        values: [100, 120, 80],
      },
    ],
  );
  expect(steps.results.map((r) => r.status)).toEqual(['stored']);
  // A run the watch recorded, with fractional calories and distance (the reference's integers).
  const run = await ingest.ingest(
    user.user.id,
    { source: 'device', deviceId: watch.id, deviceKind: 'watch' },
    [
      {
        kind: 'session',
        type: 'workout',
        workoutType: 'running',
        start: '2026-05-03T08:00:00+02:00',
        end: '2026-05-03T08:30:00+02:00',
        metrics: [
          { metric: 'active_calories', value: 250.6, unit: 'kcal' },
          { metric: 'distance', value: 5000.4, unit: 'm' },
        ],
      },
    ],
  );
  expect(run.results.map((r) => r.status)).toEqual(['stored']);
  const night = await ingest.ingest(
    user.user.id,
    { source: 'device', deviceId: analyzer.id, deviceKind: 'sleep_analyzer' },
    [
      {
        kind: 'session',
        type: 'sleep',
        start: '2026-05-02T00:00:00+02:00',
        end: '2026-05-02T08:00:00+02:00',
        stages: [
          { stage: 'awake', start: '2026-05-02T00:00:00+02:00', end: '2026-05-02T00:20:00+02:00' },
          { stage: 'light', start: '2026-05-02T00:20:00+02:00', end: '2026-05-02T03:00:00+02:00' },
          { stage: 'deep', start: '2026-05-02T03:00:00+02:00', end: '2026-05-02T08:00:00+02:00' },
        ],
        // Two overlapping reports of one snoring episode (03:30–03:50) and a second one.
        events: [
          { type: 'snoring', start: '2026-05-02T03:30:00+02:00', end: '2026-05-02T03:45:00+02:00' },
          { type: 'snoring', start: '2026-05-02T03:40:00+02:00', end: '2026-05-02T03:50:00+02:00' },
          { type: 'snoring', start: '2026-05-02T05:00:00+02:00', end: '2026-05-02T05:05:00+02:00' },
        ],
      },
      {
        kind: 'series',
        metric: 'heart_rate',
        unit: 'bpm',
        start: '2026-05-02T03:00:00+02:00',
        intervalSeconds: 60,
        values: [50, 54, 52],
      },
    ],
  );
  expect(night.results.map((r) => r.status)).toEqual(['stored', 'stored']);
  const bp = await ingest.ingest(
    user.user.id,
    { source: 'device', deviceId: bpm.id, deviceKind: 'bp_monitor' },
    [
      {
        kind: 'reading',
        takenAt: '2026-05-03T08:00:00+02:00',
        measures: [
          { metric: 'systolic_bp', value: 131, unit: 'mmHg' },
          { metric: 'diastolic_bp', value: 84, unit: 'mmHg' },
          { metric: 'heart_rate', value: 66, unit: 'bpm' },
        ],
      },
      {
        kind: 'reading',
        takenAt: '2026-05-04T09:00:00+02:00',
        measures: [
          { metric: 'systolic_bp', value: 125, unit: 'mmHg' },
          { metric: 'diastolic_bp', value: 80, unit: 'mmHg' },
        ],
      },
    ],
  );
  expect(bp.results.map((r) => r.status)).toEqual(['stored', 'stored']);
  const partner = await registerTestPartnerApp(t, { scopes: ALL });
  token = (await connectPartner(t, user, partner, ALL)).accessToken;
});
afterAll(() => t?.close());

async function call(path: string, params: Record<string, string>) {
  const res = await t.app.inject({
    method: 'POST',
    url: path,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(params).toString(),
  });
  expect(res.statusCode).toBe(200);
  const json = res.json() as { status: number; body: unknown; error?: string };
  expect(json.error).toBeUndefined();
  expect(json.status).toBe(0);
  return json.body;
}

/** The answer parsed by the reference's schema (a failure lists the offending paths). */
function asReference<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  return parsed.data as z.output<S>;
}

const unix = (iso: string) => Date.parse(iso) / 1000;
const night = {
  startdate: String(unix('2026-05-01T21:00:00Z')),
  enddate: String(unix('2026-05-02T07:00:00Z')),
};

describe('answers shaped as the Withings reference documents them', () => {
  it('sleep get: the source model, each stage’s model and model_id, and every series object', async () => {
    const body = asReference(
      sleepGetBody,
      await call('/wbsapi/v2/sleep', { action: 'get', ...night, data_fields: 'hr,rr,snoring,sdnn_1,rmssd' }),
    );
    expect(body.model).toBe(32);
    expect(body.series.map((s) => s.state)).toEqual([0, 1, 2]);
    for (const s of body.series) {
      expect(s).toMatchObject({ model: 'Vitalbase Sleep Analyzer', model_id: expect.any(Number) });
      for (const f of ['hr', 'rr', 'snoring', 'sdnn_1', 'rmssd'] as const) expect(s[f]).toBeDefined();
    }
    const deep = body.series[2]!;
    expect(deep.hr).toEqual({
      [unix('2026-05-02T01:00:00Z')]: 50,
      [unix('2026-05-02T01:01:00Z')]: 54,
      [unix('2026-05-02T01:02:00Z')]: 52,
    });
    // The night's snoring events, overlapping ones merged: 20 min from 03:30, 5 min from 05:00.
    expect(deep.snoring).toEqual({
      [unix('2026-05-02T01:30:00Z')]: 20 * 60,
      [unix('2026-05-02T03:00:00Z')]: 5 * 60,
    });
    expect(body.series[1]!.snoring).toEqual({});
  });

  it('sleep getsummary: model, model_id, and snoring as the union of overlapping events', async () => {
    const body = asReference(
      sleepGetsummaryBody,
      await call('/wbsapi/v2/sleep', {
        action: 'getsummary',
        startdateymd: '2026-05-02',
        enddateymd: '2026-05-02',
      }),
    );
    expect(body.series).toHaveLength(1);
    expect(body.series[0]).toMatchObject({ model: 32, model_id: expect.any(Number) });
    expect(body.series[0]!.data).toMatchObject({ snoring: 25 * 60, snoringepisodecount: 2 });
  });

  it('heart list: each entry with its blood pressure, the device, its model and modified', async () => {
    const body = asReference(heartListBody, await call('/wbsapi/v2/heart', { action: 'list' }));
    expect(body.series).toHaveLength(2);
    for (const s of body.series) {
      expect(s).toMatchObject({
        deviceid: bpm.id,
        model: expect.any(Number),
        bloodpressure: expect.any(Object),
      });
    }
    expect(body.series[1]).toMatchObject({ bloodpressure: { systole: 131, diastole: 84 }, heart_rate: 66 });
  });

  it('getdevice: model_id, the first measurement as first_session_date, the zone of its readings', async () => {
    const body = asReference(getdeviceBody, await call('/wbsapi/v2/user', { action: 'getdevice' }));
    const byId = new Map(body.devices.map((d) => [d.deviceid, d]));
    expect(byId.get(bpm.id)).toMatchObject({
      type: 'Blood Pressure Monitor',
      first_session_date: unix('2026-05-03T06:00:00Z'),
      timezone: 'Etc/GMT-2',
    });
    expect(byId.get(analyzer.id)).toMatchObject({
      type: 'Sleep Monitor',
      first_session_date: unix('2026-05-01T22:00:00Z'),
      timezone: 'Etc/GMT-2',
    });
    expect(byId.get(analyzer.id)!.model_id).not.toBe(byId.get(bpm.id)!.model_id);
  });

  it('getactivity: the day’s tracker as deviceid, model and modelid (the reference’s spelling there)', async () => {
    const body = asReference(
      getactivityBody,
      await call('/wbsapi/v2/measure', {
        action: 'getactivity',
        startdateymd: '2026-05-03',
        enddateymd: '2026-05-03',
      }),
    );
    expect(body.activities).toEqual([
      expect.objectContaining({
        date: '2026-05-03',
        steps: 300,
        deviceid: watch.id,
        hash_deviceid: watch.id,
        model: 'Vitalbase Watch',
        modelid: expect.any(Number),
      }),
    ]);
  });

  it('getmeas: each group of a paired device names its model and model_id', async () => {
    const body = asReference(getmeasBody, await call('/wbsapi/measure', { action: 'getmeas' }));
    expect(body.measuregrps).toHaveLength(2);
    for (const g of body.measuregrps) {
      expect(g).toMatchObject({
        deviceid: bpm.id,
        model: 'Vitalbase BP Monitor',
        model_id: expect.any(Number),
      });
    }
  });

  it('getworkouts: the source model as an integer and integer data', async () => {
    const body = asReference(
      getworkoutsBody,
      await call('/wbsapi/v2/measure', {
        action: 'getworkouts',
        startdateymd: '2026-05-03',
        enddateymd: '2026-05-03',
      }),
    );
    expect(body.series).toEqual([
      expect.objectContaining({
        category: 2,
        deviceid: watch.id,
        model: expect.any(Number),
        data: { calories: 251, distance: 5000 },
      }),
    ]);
  });

  it('getintradayactivity: each point names its device, model and model_id', async () => {
    const body = asReference(
      getintradayactivityBody,
      await call('/wbsapi/v2/measure', {
        action: 'getintradayactivity',
        startdate: String(unix('2026-05-03T10:00:00Z')),
        enddate: String(unix('2026-05-03T10:05:00Z')),
      }),
    );
    expect(body.series[String(unix('2026-05-03T10:01:00Z'))]).toEqual({
      deviceid: watch.id,
      model: 'Vitalbase Watch',
      model_id: expect.any(Number),
      steps: 120,
      duration: 60,
    });
  });

  it('the other actions answer the reference’s shapes', async () => {
    asReference(getmeasBody, await call('/wbsapi/measure', { action: 'getmeas' }));
    asReference(
      getactivityBody,
      await call('/wbsapi/v2/measure', {
        action: 'getactivity',
        startdateymd: '2026-05-01',
        enddateymd: '2026-05-04',
      }),
    );
    asReference(
      getintradayactivityBody,
      await call('/wbsapi/v2/measure', { action: 'getintradayactivity', ...night }),
    );
    asReference(
      getworkoutsBody,
      await call('/wbsapi/v2/measure', {
        action: 'getworkouts',
        startdateymd: '2026-05-01',
        enddateymd: '2026-05-04',
      }),
    );
    asReference(getgoalsBody, await call('/wbsapi/v2/user', { action: 'getgoals' }));
  });
});
