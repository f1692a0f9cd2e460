import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppContext, type Database, loadConfig } from '@vitalbase/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WITHINGS_FILES, zipOf } from '../../../server/src/features/imports/imports.test-support';
import { createTestDatabase } from '../../../server/src/test/database';
import { importCommand } from './import';
import { userCreate } from './user';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe('vitalbase import', () => {
  it("imports a Withings archive into the user's data with the web's job and prints the same report", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vb-import-cli-'));
    const config = loadConfig({ LOG_LEVEL: 'silent' }, { dataDir: dir });
    const ctx = createAppContext({ config, database });
    const user = await userCreate(
      ctx,
      { email: 'imported@example.test', name: 'Im Ported', birthDate: '1980-01-01', country: 'FR' },
      () => {},
    );
    const file = path.join(dir, 'withings.zip');
    writeFileSync(file, await zipOf(WITHINGS_FILES));
    const lines: string[] = [];
    const done = await importCommand(ctx, { email: user.email, file, format: 'withings_archive' }, (l) =>
      lines.push(l),
    );
    expect(done.state).toBe('done');
    expect(lines.slice(0, 4)).toEqual([
      'imported: 4 readings, 1 series, 2 sessions', // the raw_ file's two rows are one local day
      'duplicates skipped: 0',
      'refused: 1',
      expect.stringMatching(/^ {2}weight.csv line 4: out_of_range \(Outside the physical range of weight/),
    ]);
    // The refused value (900 kg) is never printed; as a whole number, since the import's random id may
    // hold the digits (a CI run printed `import 2b19900d-…`).
    expect(lines.join('\n')).not.toMatch(/\b900\b/);
    const { rows } = await database.raw.query<{ n: number | string }>(
      `select count(*) n from audit_events where user_id = $1 and action = 'import_started' and actor_type = 'operator'`,
      [user.id],
    );
    expect(Number(rows[0]!.n)).toBe(1);
    // Again: the same file adds nothing.
    const again: string[] = [];
    await importCommand(ctx, { email: user.email, file, format: 'withings_archive' }, (l) => again.push(l));
    expect(again[0]).toBe('imported: 0 readings, 0 series, 0 sessions');
  });
});
