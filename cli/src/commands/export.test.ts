import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppContext, type Database, loadConfig } from '@vitalbase/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../../server/src/features/export/export.test-support';
import { createHealthDataIngest } from '../../../server/src/features/health-data/ingest.service';
import { createTestDatabase } from '../../../server/src/test/database';
import { exportCommand } from './export';
import { userCreate } from './user';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe('vitalbase export', () => {
  it("writes the user's ZIP with the builder of the privacy center, and records the read", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vb-export-cli-'));
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_REGION: 'Norway (EEA)' }, { dataDir: dir });
    const quiet = () => {};
    const ctx = createAppContext({ config, database });
    const user = await userCreate(
      ctx,
      { email: 'exported@example.test', name: 'Ex Ported', birthDate: '1980-01-01', country: 'FR' },
      quiet,
    );
    const ingest = createHealthDataIngest({ database, now: () => new Date() });
    const stored = await ingest.ingest(user.id, { source: 'manual' }, [
      {
        kind: 'reading',
        takenAt: '2025-01-10T08:00:00+01:00',
        measures: [{ metric: 'weight', value: 72.5, unit: 'kg' }],
      },
    ]);
    expect(stored.results[0]?.status).toBe('stored');

    const out = path.join(dir, 'data.zip');
    const lines: string[] = [];
    await exportCommand(ctx, { email: 'exported@example.test', out }, (l) => lines.push(l));
    expect(lines).toEqual([`wrote ${out}: 9 files (recorded in the user's access log)`]);
    expect(existsSync(`${out}.part`)).toBe(false);
    const zip = await readZip(readFileSync(out));
    expect([...zip.keys()]).toEqual([
      'summary.html',
      'data.json',
      'csv/weight.csv',
      'csv/sessions.csv',
      'csv/reading_notes.csv',
      'fhir/Patient.ndjson',
      'fhir/Device.ndjson',
      'fhir/Observation.ndjson',
      'fhir/Consent.ndjson',
    ]);
    const data = JSON.parse(zip.get('data.json')!.toString('utf8'));
    expect(data.dataRegion).toBe('Norway (EEA)');
    expect(data.readings).toHaveLength(1);
    expect(zip.get('csv/weight.csv')!.toString('utf8')).toContain(
      '2025-01-10T08:00:00+01:00,2025-01-10T07:00:00.000Z,72.5,kg,manual',
    );
    const { rows } = await database.raw.query<{ actor_type: string }>(
      'SELECT actor_type FROM data_access_log WHERE user_id = $1',
      [user.id],
    );
    expect(rows).toEqual([{ actor_type: 'operator' }]);
  });

  it('refuses an unknown account and leaves no file behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vb-export-cli-'));
    const config = loadConfig({ LOG_LEVEL: 'silent' }, { dataDir: dir });
    const out = path.join(dir, 'nobody.zip');
    await expect(
      exportCommand(createAppContext({ config, database }), { email: 'nobody@example.test', out }, () => {}),
    ).rejects.toThrow(/Account not found/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.part`)).toBe(false);
  });
});
