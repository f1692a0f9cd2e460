import { readFile } from 'node:fs/promises';
import type { ImportView } from '@vitalbase/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../test/read-zip';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { exportBuildJob, exportFilePath } from '../export';
import { createHealthDataIngest } from '../health-data';
import { importRunJob } from './imports.jobs';
import { uploadImport } from './imports.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function importFhir(u: TestUser, file: Buffer, fileName = 'Observation.ndjson'): Promise<ImportView> {
  const id = await uploadImport(u.client, file, { format: 'fhir', fileName });
  await importRunJob.run(t.app.ctx, { userId: u.user.id, importId: id });
  return (await u.client.get(`/api/me/imports/${id}`)).json() as ImportView;
}

/** Every stored value with its reading's time, offset and grouping: what must round-trip. */
async function measuresOf(u: TestUser) {
  const { rows } = await t.database.raw.query(
    `select m.metric, m.value, r.taken_at::text taken_at, r.utc_offset_minutes, r.metrics_key
       from health_measures m join health_readings r on r.user_id = m.user_id and r.id = m.reading_id
      where m.user_id = $1 order by r.taken_at, m.metric`,
    [u.user.id],
  );
  return rows;
}

describe('FHIR import', () => {
  it("Vitalbase's own export round-trips exactly, and a re-import adds nothing", async () => {
    const a = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const items = [
      {
        kind: 'reading',
        takenAt: '2026-11-02T07:05:00+01:00',
        measures: [
          { metric: 'weight', value: 71.6, unit: 'kg' },
          { metric: 'fat_mass', value: 14.3, unit: 'kg' },
          { metric: 'muscle_mass', value: 53.5, unit: 'kg' },
        ],
      },
      {
        kind: 'reading',
        takenAt: '2026-11-02T08:00:00-05:00',
        measures: [
          { metric: 'systolic_bp', value: 121, unit: 'mmHg' },
          { metric: 'diastolic_bp', value: 79, unit: 'mmHg' },
          { metric: 'heart_rate', value: 64, unit: 'bpm' },
        ],
      },
      {
        kind: 'reading',
        takenAt: '2026-10-01T09:00:00+02:00',
        measures: [{ metric: 'height', value: 1.78, unit: 'm' }],
      },
      {
        kind: 'reading',
        takenAt: '2026-11-03T21:00:00+01:00',
        measures: [{ metric: 'body_temperature', value: 37.2, unit: '°C' }],
      },
    ];
    const { results } = await createHealthDataIngest(t.app.ctx).ingest(
      a.user.id,
      { source: 'partner' },
      items,
    );
    expect(results.every((r) => r.status === 'stored')).toBe(true);
    const asked = await a.client.post('/api/privacy/exports');
    expect(await exportBuildJob.run(t.app.ctx, { userId: a.user.id, exportId: asked.json().id })).toBe(
      'built',
    );
    const zip = await readZip(await readFile(exportFilePath(t.config, a.user.id, asked.json().id)));
    const ndjson = zip.get('fhir/Observation.ndjson')!;

    const b = await createTestUser(t, { timeZone: 'America/New_York' });
    const done = await importFhir(b, ndjson);
    expect(done.state, done.error ?? '').toBe('done');
    expect(done.report).toMatchObject({ imported: { readings: 4 }, refused: 0, duplicates: 0 });
    expect(done.report!.unmapped).toEqual([{ type: 'bmi (computed from weight and height)', count: 1 }]);
    expect(await measuresOf(b)).toEqual(await measuresOf(a));

    const again = await importFhir(b, ndjson);
    expect(again.report).toMatchObject({ imported: { readings: 0 }, duplicates: 4 });
  });

  it("another service's Bundle imports by LOINC code and UCUM unit; rows it cannot place are refused by entry", async () => {
    const u = await createTestUser(t);
    const obs = (code: string, value: number, unit: string, at: string) => ({
      resource: {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code }] },
        effectiveDateTime: at,
        valueQuantity: { value, code: unit, system: 'http://unitsofmeasure.org' },
      },
    });
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        obs('29463-7', 165, '[lb_av]', '2026-11-01T07:00:00-05:00'),
        obs('8310-5', 98.6, '[degF]', '2026-11-01T07:00:00-05:00'),
        obs('8867-4', 61, '/min', '2026-11-01'),
        obs('29463-7', 2000, 'kg', '2026-11-02T07:00:00Z'),
        obs('1234-5', 1, 'kg', '2026-11-02T07:00:00Z'),
        { resource: { resourceType: 'Patient' } },
      ],
    };
    const done = await importFhir(u, Buffer.from(JSON.stringify(bundle, null, 2)), 'bundle.json');
    expect(done.state, done.error ?? '').toBe('done');
    expect(done.report).toMatchObject({ imported: { readings: 2 }, refused: 2 });
    expect(done.report!.refusals.map((r) => [r.line, r.code])).toEqual([
      [3, 'date_without_zone'],
      [4, 'out_of_range'],
    ]);
    expect(done.report!.unmapped.map((x) => x.type).sort()).toEqual(['Patient', 'http://loinc.org|1234-5']);
    const { rows } = await t.database.raw.query<{ metric: string; value: number }>(
      'select metric, value from health_measures where user_id = $1 order by metric',
      [u.user.id],
    );
    expect(rows).toEqual([
      { metric: 'body_temperature', value: 37 },
      { metric: 'weight', value: 74.843 },
    ]);
  });

  it('a truncated Bundle fails and keeps nothing', async () => {
    const u = await createTestUser(t);
    const done = await importFhir(
      u,
      Buffer.from('{\n "resourceType": "Bundle",\n "entry": [ {"resource": '),
      'b.json',
    );
    expect(done.state).toBe('failed');
    expect(done.error).toContain('truncated');
  });
});
