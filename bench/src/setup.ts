import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type App, createApp } from '../../server/src/app';
import { type Config, loadConfig } from '../../server/src/config';
import { type Database, openDatabase } from '../../server/src/db/client';
import { SESSION_COOKIE } from '../../server/src/features/accounts/auth.hook';
import { factoryKey } from '../../server/src/features/devices/factory-key';
import { type ApiClient, createTestUser } from '../../server/src/test/harness';

export type Engine = 'pglite' | 'postgres';

/** The app under test, listening on a real socket, on a fresh database of the chosen engine. */
export interface BenchApp {
  engine: Engine;
  app: App;
  database: Database;
  config: Config;
  baseUrl: string;
  /** postgres:// URL of the bench database (PostgreSQL only), for COPY and the start-up workload. */
  databaseUrl: string | undefined;
  close(): Promise<void>;
}

/** A new database on the server named by DATABASE_URL (with-postgres.mjs sets it), or in-memory PGlite. */
async function freshDatabase(engine: Engine): Promise<{ database: Database; url: string | undefined }> {
  if (engine === 'pglite') {
    const database = await openDatabase({});
    await database.migrate();
    return { database, url: undefined };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error('the postgres engine needs DATABASE_URL (run through scripts/with-postgres.mjs)');
  const name = `vbbench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  await database.migrate();
  return { database, url: url.toString() };
}

export async function startBenchApp(engine: Engine): Promise<BenchApp> {
  const { database, url } = await freshDatabase(engine);
  const config = loadConfig(
    { LOG_LEVEL: 'silent', JOBS: 'false', PUBLIC_URL: 'http://localhost:8080' },
    { dataDir: mkdtempSync(path.join(tmpdir(), 'vitalbase-bench-')) },
  );
  const app = await createApp({ config, database, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening on a TCP port');
  return {
    engine,
    app,
    database,
    config,
    baseUrl: `http://127.0.0.1:${address.port}`,
    databaseUrl: url,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export interface BenchUser {
  id: string;
  /** The `Cookie` header of a signed-in browser session. */
  cookie: string;
}

export interface BenchDevice {
  id: string;
  userId: string;
  credential: string;
}

/** Users made directly in the database, signed in (the test harness's fast path). */
export async function createUsers(
  b: BenchApp,
  count: number,
): Promise<
  Array<
    BenchUser & {
      pair: (modelId: string) => Promise<BenchDevice>;
      /** The password and an in-process client of the same session (CSRF handled), for writes. */
      password: string;
      client: ApiClient;
    }
  >
> {
  const out = [];
  for (let i = 0; i < count; i++) {
    const u = await createTestUser({
      app: b.app,
      database: b.database,
      clock: { now: () => new Date() } as never,
    });
    const cookie = `${SESSION_COOKIE}=${u.client.getCookie(SESSION_COOKIE)}`;
    const pair = async (modelId: string): Promise<BenchDevice> => {
      const unit = await registerUnit(b, modelId);
      const res = await u.client.post('/api/devices/pair', {
        serial: unit.serial,
        claimCode: unit.claimCode,
      });
      if (res.statusCode !== 201) throw new Error(`pairing answered ${res.statusCode}: ${res.body}`);
      const body = res.json() as { device: { id: string }; credential: string };
      return { id: body.device.id, userId: u.user.id, credential: body.credential };
    };
    out.push({ id: u.user.id, cookie, pair, password: u.password, client: u.client });
  }
  return out;
}

/** A unit registered by the factory route, ready to be paired (the bench's apps and the test harness's). */
export async function registerUnit(b: Pick<BenchApp, 'app' | 'config'>, modelId: string) {
  const hex = randomBytes(6).toString('hex');
  const unit = {
    serial: `B-${hex}`.toUpperCase(),
    mac: hex.match(/../g)!.join(':'),
    claimCode: randomBytes(3).toString('hex').toUpperCase(),
    modelId,
  };
  const res = await b.app.inject({
    method: 'POST',
    url: '/api/factory/units',
    headers: { authorization: `Bearer ${factoryKey(b.config.cookieSecret)}` },
    payload: { units: [unit] },
  });
  if (res.statusCode !== 201) throw new Error(`factory registration answered ${res.statusCode}: ${res.body}`);
  return unit;
}
