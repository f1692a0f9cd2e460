import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../config';
import { openDatabase } from '../../db/client';
import { startServer } from '../../main';
import { databaseUrl, withServer } from '../../test/database-template';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { BrowserClient } from '../accounts/accounts.test-support';
import { scanTables } from '../erasure/erasure-scan.test-support';
import { privacyJobs } from '../erasure';
import { restoreInstallation, scheduledBackup, writeBackup } from './index';

let t: TestApp;
const scratch = mkdtempSync(path.join(tmpdir(), 'vitalbase-backup-'));
const dropAfter: string[] = [];
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
  const server = process.env.TEST_DATABASE_URL;
  for (const name of dropAfter) {
    if (server)
      await withServer(server, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
  rmSync(scratch, { recursive: true, force: true });
});

const DAY = 24 * 60 * 60 * 1000;
const purge = () => privacyJobs.find((j) => j.name === 'privacy.purge-erasure-requests')!.run(t.app.ctx, {});

async function weighIn(u: TestUser, kg: number) {
  const res = await u.client.post('/api/health-data/readings', {
    takenAt: new Date(t.clock.now().getTime() - DAY).toISOString(),
    measures: [{ metric: 'weight', value: kg, unit: 'kg' }],
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** Where a restore goes: a new embedded data directory, or a new database on the test's server. */
async function newInstallation(): Promise<Partial<Config>> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) return { dataDir: mkdtempSync(path.join(scratch, 'installation-')) };
  const name = `vbrestore_${randomBytes(6).toString('hex')}`;
  await withServer(server, (admin) => admin.query(`CREATE DATABASE ${name}`));
  dropAfter.push(name);
  return { databaseUrl: databaseUrl(server, name), databaseOwnerUrl: undefined };
}

describe('backup and restore', () => {
  it('a restore brings back the data and the sign-ins, and never a person erased after the backup', async () => {
    const leaving = await createTestUser(t);
    const staying = await createTestUser(t);
    await weighIn(leaving, 71.5);
    await weighIn(staying, 82.25);

    const file = path.join(scratch, 'vitalbase.backup');
    const written = await writeBackup(t.database, file);
    expect(written.bytes).toBeGreaterThan(0);
    expect(statSync(file).mode & 0o077, 'a backup is readable by its owner only').toBe(0);

    // After the backup, one of them leaves: the purge writes the journal, then deletes everything.
    const erasure = await leaving.client.post('/api/me/erasure', { currentPassword: leaving.password });
    expect(erasure.statusCode, erasure.body).toBe(202);
    t.clock.advance(8 * DAY);
    expect(await purge()).toBe(1);
    expect(await scanTables(t.database, [leaving.user.id])).toEqual([]);

    const target = { ...t.config, ...(await newInstallation()), port: 0, host: '127.0.0.1' };
    // Restored without the journal, the backup brings the person back: what the journal is for.
    const forgetful = await restoreInstallation(
      { ...target, erasureJournalFile: path.join(scratch, 'empty-journal.ndjson') },
      file,
    );
    expect(forgetful.erasuresReapplied).toBe(0);
    const before = await openDatabase(target);
    try {
      expect((await scanTables(before, [leaving.user.id])).length).toBeGreaterThan(0);
    } finally {
      await before.close();
    }
    // A server started there with the installation's journal purges them before it answers.
    const server = await startServer({ ...target, jobs: false });
    try {
      const database = server.app.ctx.database;
      expect(await scanTables(database, [leaving.user.id]), 'rows of the erased person').toEqual([]);
      const kept = await scanTables(database, [staying.user.id]);
      expect(kept.map((f) => f.where)).toEqual(
        expect.arrayContaining(['public.users', 'public.health_measures']),
      );
      const browser = () => new BrowserClient({ ...t, app: server.app, database });
      const login = await browser().post('/api/auth/login', {
        email: staying.user.email,
        password: staying.password,
      });
      expect(login.statusCode, login.body).toBe(200);
      const gone = await browser().post('/api/auth/login', {
        email: leaving.user.email,
        password: leaving.password,
      });
      expect(gone.statusCode).toBe(401);
    } finally {
      await server.close();
    }
  }, 120_000); // three openings of a real database directory (WASM PGlite: seconds each)

  it('the running server writes its nightly backup and keeps only the newest BACKUP_KEEP', async () => {
    const backupDir = mkdtempSync(path.join(scratch, 'nightly-'));
    const ctx = { ...t.app.ctx, config: { ...t.config, backupDir, backupKeep: 2 } };
    const written: string[] = [];
    for (let night = 0; night < 3; night++) {
      const result = await scheduledBackup(ctx);
      written.push(path.basename(result!.file));
      t.clock.advance(DAY);
    }
    expect(readdirSync(backupDir).sort()).toEqual(written.slice(1));
    expect(
      await scheduledBackup({ ...ctx, config: { ...ctx.config, backupDir: undefined } }),
    ).toBeUndefined();
  });

  it('refuses a file that is not a backup, and leaves the installation as it was', async () => {
    const target = { ...t.config, ...(await newInstallation()) };
    const junk = path.join(scratch, 'junk.backup');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(junk, 'not a backup');
    await expect(restoreInstallation(target, junk)).rejects.toThrow(/backup|pg_restore/);
  });
});
