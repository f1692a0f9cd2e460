import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase, type RawSql } from '../../db/client';
import { createTestDatabase } from '../../test/database';
import { droppedOnClose } from '../../test/database-template';

/**
 * A test database served as the app's restricted role, and a way in as the owner (who may tamper).
 * PGlite: the usual test database (it serves as `vitalbase_app` after migrating); the owner is the
 * same connection after RESET ROLE. PostgreSQL: a new database owned by the server's superuser, served
 * through a login role of its own, migrated with DATABASE_OWNER_URL's path (ownerUrl).
 */
export async function openRestrictedTestDatabase(): Promise<{
  app: Database;
  asOwner<T>(fn: (owner: RawSql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const app = await createTestDatabase();
    return {
      app,
      asOwner: async (fn) => {
        await app.raw.exec('RESET ROLE');
        try {
          return await fn(app.raw);
        } finally {
          await app.raw.exec('SET ROLE vitalbase_app');
        }
      },
      close: () => app.close(),
    };
  }
  const name = `vbtest_${randomBytes(6).toString('hex')}`;
  const role = 'vbtest_app'; // roles are per server: every file shares it, each database grants it anew
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.query(
    `DO $$ BEGIN CREATE ROLE ${role} LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
  );
  await admin.end();
  const ownerUrl = new URL(serverUrl);
  ownerUrl.pathname = `/${name}`;
  const appUrl = new URL(ownerUrl);
  appUrl.username = role;
  const app = await openDatabase({ databaseUrl: appUrl.toString(), ownerUrl: ownerUrl.toString() });
  await app.migrate();
  const owner = new pg.Pool({ connectionString: ownerUrl.toString(), max: 2 });
  return {
    app,
    asOwner: (fn) =>
      fn({
        query: async (text, values) => ({ rows: (await owner.query(text, values)).rows }),
        exec: async (text) => ({ rows: (await owner.query(text)).rows ?? [] }),
      }),
    // Dropped once every pool has really let go (a forced drop of a closing connection surfaces as an
    // unhandled FATAL error in the run).
    close: async () => {
      await owner.end();
      await droppedOnClose(app, serverUrl, name).close();
    },
  };
}
