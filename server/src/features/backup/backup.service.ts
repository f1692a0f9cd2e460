import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from '../../config';
import { type Database, openDatabase, pgliteDir } from '../../db/client';
import { lockDataDir } from '../../db/pglite-lock';
import { createAppContext } from '../../lib/context';
import { reapplyErasureJournal } from '../erasure';
import { runPgTool } from './pg-tools';

/**
 * Backups and restore (issue #19, P6). A backup holds everyone's health data: it is written with
 * owner-only permissions, complete or not at all (beside its name, then renamed), and should be kept
 * encrypted where it is stored (docs/backups.md).
 *
 * - Embedded engine: a consistent copy of the whole data directory (PGlite's dumpDataDir, a gzipped
 *   tar), from the running server's own process (the scheduled backup) or from the CLI with the server
 *   stopped (the directory lock refuses otherwise).
 * - PostgreSQL: pg_dump's custom format, for small installations; larger ones use a base backup with
 *   WAL archiving (point-in-time recovery), with PostgreSQL's tools, as docs/backups.md describes.
 *
 * What no backup holds is the erasure journal (ERASURE_JOURNAL_FILE): after a restore, every erasure
 * newer than the backup is applied again before the server answers.
 */
export interface BackupResult {
  engine: Database['engine'];
  file: string;
  bytes: number;
}

export async function writeBackup(database: Database, file: string): Promise<BackupResult> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.part`;
  try {
    if (database.dumpDataDir) {
      const dump = await database.dumpDataDir();
      await pipeline(Readable.fromWeb(dump.stream() as never), createWriteStream(partial, { mode: 0o600 }));
    } else {
      // Created empty with owner-only rights first: pg_dump would create it world-readable (umask).
      await (await open(partial, 'w', 0o600)).close();
      if (!database.toolsUrl) throw new Error('no PostgreSQL URL to back up');
      await runPgTool('pg_dump', database.toolsUrl, ['--format=custom', '--no-owner', `--file=${partial}`]);
    }
    await rename(partial, file);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return { engine: database.engine, file, bytes: (await stat(file)).size };
}

/** `vitalbase backup`: opens the installation's database (the server stopped, on the embedded engine). */
export async function backupInstallation(config: Config, file: string): Promise<BackupResult> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    ownerUrl: config.databaseOwnerUrl,
    dataDir: config.dataDir,
  });
  try {
    return await writeBackup(database, file);
  } finally {
    await database.close();
  }
}

export interface RestoreResult {
  engine: Database['engine'];
  /** Accounts the erasure journal names that the backup still held, purged again. */
  erasuresReapplied: number;
  /** The embedded engine's directory before the restore, kept aside (never deleted by a restore). */
  previousDataDir?: string;
}

/**
 * `vitalbase restore`: puts the backup in place of the installation's database, brings its schema up
 * to this version, then re-applies the erasure journal, so the restored server never serves a person
 * who left after the backup was taken.
 */
export async function restoreInstallation(config: Config, file: string): Promise<RestoreResult> {
  let previousDataDir: string | undefined;
  if (config.databaseUrl) {
    const url = config.databaseOwnerUrl ?? config.databaseUrl;
    // --clean drops what the backup holds before creating it again, in one transaction.
    await runPgTool('pg_restore', url, [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      '--exit-on-error',
      file,
    ]);
  } else {
    previousDataDir = await restoreDataDir(config.dataDir, file);
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    ownerUrl: config.databaseOwnerUrl,
    dataDir: config.dataDir,
  });
  try {
    await database.migrate();
    const ctx = createAppContext({ config: { ...config, jobs: false }, database });
    try {
      const { purged } = await reapplyErasureJournal(ctx);
      return { engine: database.engine, erasuresReapplied: purged, previousDataDir };
    } finally {
      ctx.mailer.close();
    }
  } finally {
    await database.close();
  }
}

/** The embedded engine: the current directory moved aside, the backup unpacked in its place. */
async function restoreDataDir(dataDir: string, file: string): Promise<string | undefined> {
  const unlock = lockDataDir(dataDir); // refuses while the server (or another command) has it open
  try {
    await assertTarGz(file);
    const dump = new Blob([await readFile(file)], { type: 'application/x-gzip' });
    const dir = pgliteDir(dataDir);
    const aside = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    let moved: string | undefined;
    try {
      await rename(dir, aside);
      moved = aside;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    try {
      const restored = await PGlite.create(dir, { loadDataDir: dump });
      await restored.close();
    } catch (err) {
      // Not a backup of the embedded engine (or damaged): the installation is put back as it was.
      await rm(dir, { recursive: true, force: true });
      if (moved) await rename(moved, dir);
      throw new Error(`${file} is not a readable backup of the embedded database: ${(err as Error).message}`);
    }
    return moved;
  } finally {
    unlock();
  }
}

/**
 * Reads the file through gunzip once and checks the first tar header, before anything is moved: PGlite
 * itself fails on a damaged archive from inside a stream, out of reach of a caller's try/catch.
 */
async function assertTarGz(file: string): Promise<void> {
  let first: Buffer | undefined;
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!first || first.length < 512) first = Buffer.concat([first ?? Buffer.alloc(0), chunk]);
      done();
    },
  });
  try {
    await pipeline(createReadStream(file), createGunzip(), collect);
  } catch {
    throw new Error(`${file} is not a backup of the embedded database (not a complete gzip file)`);
  }
  if (!first || first.length < 512 || first.subarray(257, 262).toString('latin1') !== 'ustar') {
    throw new Error(`${file} is not a backup of the embedded database (not a tar archive)`);
  }
}
