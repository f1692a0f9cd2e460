import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client';

const serverUrl = process.env.TEST_DATABASE_URL;
/** The advisory lock servers take to migrate one after another (client.ts). */
const MIGRATION_LOCK = 72616874;

// PostgreSQL only: PGlite has no statement limit and one process migrates it.
describe.skipIf(!serverUrl)('migrations and the request statement limit', () => {
  const name = `vbmigrate_${randomBytes(6).toString('hex')}`;
  const url = new URL(serverUrl ?? 'postgres://localhost/none');
  url.pathname = `/${name}`;
  const admin = () => new pg.Client({ connectionString: serverUrl });

  afterAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  it('a server migrating as the serving role waits for another one past DATABASE_STATEMENT_TIMEOUT_SECONDS', async () => {
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    // Another server holds the migration lock for longer than a request may take.
    const other = new pg.Client({ connectionString: url.toString() });
    await other.connect();
    await other.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        void other
          .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
          .then(() => other.end())
          .then(resolve);
      }, 2500),
    );
    const database = await openDatabase({
      databaseUrl: url.toString(),
      timeouts: { connectSeconds: 10, statementSeconds: 1 },
    });
    try {
      await expect(database.migrate()).resolves.toBeUndefined();
      await released;
      const { rows } = await database.raw.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
      );
      expect(rows[0]!.n).toBeGreaterThan(0);
      // Requests keep their limit.
      await expect(database.raw.query('SELECT pg_sleep(1.5)')).rejects.toThrow(/statement timeout/);
    } finally {
      await database.close();
    }
  }, 60_000);
});
