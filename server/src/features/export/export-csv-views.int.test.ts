import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { readZip } from '../../test/read-zip';
import { createHealthDataIngest } from '../health-data';
import { buildExport } from './build-export';
import { csvLines } from './export.test-support';

/**
 * The archive's CSVs as a person reads them: blood pressure in one file, and each day's total beside
 * the per-minute series, cut on the user's local day (Los Angeles here, so a UTC day would differ).
 */
let t: TestApp;
let u: TestUser;
let zip: Map<string, Buffer>;
beforeAll(async () => {
  t = await createTestApp();
  u = await createTestUser(t, { timeZone: 'America/Los_Angeles' });
  const ingest = createHealthDataIngest(t.app.ctx);
  const bpm = { source: 'device' as const, deviceId: 'bpm-1', deviceKind: 'bp_monitor' as const };
  const stored = await ingest.ingest(u.user.id, bpm, [
    {
      kind: 'reading',
      takenAt: '2026-05-02T08:00:00-07:00',
      measures: [
        { metric: 'systolic_bp', value: 131, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 84, unit: 'mmHg' },
        { metric: 'heart_rate', value: 66, unit: 'bpm' },
      ],
    },
    {
      kind: 'reading',
      takenAt: '2026-05-03T21:30:00-07:00',
      measures: [
        { metric: 'systolic_bp', value: 118, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 76, unit: 'mmHg' },
      ],
    },
  ]);
  const watch = { source: 'device' as const, deviceId: 'watch-1', deviceKind: 'watch' as const };
  // Two hours of steps from 23:00 on 2 May in Los Angeles: an hour on each local day (06:00–08:00 UTC,
  // all on 3 May in UTC).
  const steps = await ingest.ingest(u.user.id, watch, [
    {
      kind: 'series',
      metric: 'steps',
      unit: 'steps',
      start: '2026-05-02T23:00:00-07:00',
      intervalSeconds: 60,
      values: Array.from({ length: 120 }, (_, i) => (i < 60 ? 10 : 20)),
    },
  ]);
  expect([...stored.results, ...steps.results].map((r) => r.status)).toEqual(['stored', 'stored', 'stored']);
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk as Buffer);
      done();
    },
  });
  await buildExport(t.app.ctx, u.user.id, sink);
  zip = await readZip(Buffer.concat(chunks));
});
afterAll(() => t?.close());

describe('the archive’s CSVs as a person reads them', () => {
  it('blood pressure is one file, one row per reading with systolic, diastolic and pulse', () => {
    const names = [...zip.keys()];
    expect(names).not.toContain('csv/systolic_bp.csv');
    expect(names).not.toContain('csv/diastolic_bp.csv');
    const lines = csvLines(zip.get('csv/blood_pressure.csv'));
    expect(lines[0]).toBe(
      'local_time,utc_time,systolic_mmHg,diastolic_mmHg,pulse_bpm,source,device_id,reading_id',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 7).join(','))).toEqual([
      '2026-05-02T08:00:00-07:00,2026-05-02T15:00:00.000Z,131,84,66,device,bpm-1',
      '2026-05-03T21:30:00-07:00,2026-05-04T04:30:00.000Z,118,76,,device,bpm-1',
    ]);
    // The pulse stays in heart_rate.csv too.
    expect(csvLines(zip.get('csv/heart_rate.csv'))).toHaveLength(2);
  });

  it('each day’s total beside the per-minute series, on the user’s local day', () => {
    const names = [...zip.keys()];
    expect(names.indexOf('csv/steps_daily.csv')).toBe(names.indexOf('csv/steps.csv') + 1);
    expect(csvLines(zip.get('csv/steps.csv'))).toHaveLength(121);
    expect(csvLines(zip.get('csv/steps_daily.csv'))).toEqual([
      'date,total,unit,time_zone',
      '2026-05-02,600,steps,America/Los_Angeles',
      '2026-05-03,1200,steps,America/Los_Angeles',
    ]);
    // Metrics the server does not total per day have no daily file.
    expect(names).not.toContain('csv/heart_rate_daily.csv');
  });

  it('summary.html lists the new files', () => {
    const html = zip.get('summary.html')!.toString('utf8');
    for (const name of ['csv/blood_pressure.csv', 'csv/steps_daily.csv'])
      expect(html).toContain(`<td>${name}</td>`);
  });
});
