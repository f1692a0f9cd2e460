import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { type Database, openDatabase } from './db/client';
import { allJobs } from './jobs';
import { JOB_SCHEMA } from './jobs/queue';
import { type RunningServer, startServer } from './main';

/** A database for a whole server: a file-backed PGlite dir, or a new database on TEST_DATABASE_URL. */
async function serverDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return { env: {}, drop: async () => {} };
  const name = `vbmain_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      // Let the closed server's connections finish closing first (see test/database.ts).
      for (let i = 0; i < 50; i++) {
        const { rows } = await dropper.query(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [name],
        );
        if (rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

describe('startServer', () => {
  let server: RunningServer | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await server?.close();
    await drop?.();
    server = undefined;
  });

  it('migrates and serves; schedules every feature job only when JOBS is on; stops cleanly', async () => {
    const db = await serverDatabase();
    drop = db.drop;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-main-'));
    const env: Record<string, string> = { PORT: '0', LOG_LEVEL: 'silent', ...db.env };
    const inDatabase = async <T>(query: (database: Database) => Promise<T>) => {
      const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });
      try {
        return await query(database);
      } finally {
        await database.close();
      }
    };

    server = await startServer(loadConfig({ ...env, JOBS: 'false' }, { dataDir }));
    await server.close();
    const queueSchemas = await inDatabase(async (database) => {
      const { rows } = await database.raw.query(
        'SELECT 1 FROM information_schema.schemata WHERE schema_name = $1',
        [JOB_SCHEMA],
      );
      return rows;
    });
    expect(queueSchemas).toEqual([]);

    server = await startServer(loadConfig({ ...env, JOBS: 'true' }, { dataDir }));
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    await server.close();
    await server.close(); // closing twice is harmless

    const schedules = await inDatabase(async (database) => {
      const { rows } = await database.raw.query<{ name: string; cron: string }>(
        `SELECT name, cron FROM ${JOB_SCHEMA}.schedule ORDER BY name`,
      );
      return rows;
    });
    const expected = allJobs
      .filter((job) => job.cron)
      .map((job) => ({ name: job.name, cron: job.cron }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(expected.length).toBeGreaterThan(0);
    expect(schedules).toEqual(expected);
  }, 180_000); // four starts of a file-backed embedded database
});
