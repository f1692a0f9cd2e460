import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';

// Production runs the compiled bundles (scripts/build.mjs), not the TypeScript loader: this builds them
// and starts `node cli/dist/vitalbase.js serve` as `npm start` does, on a new database, so a module
// the bundle cannot resolve or a file the server reads beside its code (migrations, post-migration SQL,
// policy seeds) that the build forgot fails here rather than in production.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverUrl = process.env.TEST_DATABASE_URL;
const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-built-'));
let child: ChildProcess | undefined;
let database: string | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
  if (!database) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
});

/** A new database on the test PostgreSQL server when there is one; the embedded one otherwise. */
async function databaseUrl(): Promise<string> {
  if (!serverUrl) return '';
  database = `vbbuilt_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

it('the built server starts with plain node and answers, migrations and policy seeds included', async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  const bundle = readFileSync(path.join(ROOT, 'cli/dist/vitalbase.js'), 'utf8');
  expect(bundle).toContain('from "../../server/dist/index.js"');

  child = spawn(process.execPath, ['cli/dist/vitalbase.js', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      JOBS: 'false',
      LOG_LEVEL: 'info',
      VITALBASE_DATA_DIR: dataDir,
      DATABASE_URL: await databaseUrl(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s: ${output}`)), 60_000);
    const look = () => {
      const found = /Vitalbase is running on .*:(\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child!.stdout?.on('data', look);
    child!.stderr?.on('data', look);
    child!.once('exit', (code) => reject(new Error(`the built server exited (${code}): ${output}`)));
  });

  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(health.status).toBe(200);
  // The policies were seeded from server/dist/seed at start (the first versions of each document).
  const policies = await fetch(`http://127.0.0.1:${port}/api/policies`);
  expect(policies.status).toBe(200);
  expect(JSON.stringify(await policies.json())).toContain('privacy');
  expect(output).not.toMatch(/ENOENT|Cannot find module|ERR_MODULE_NOT_FOUND/);
}, 90_000);

it('the vitalbase binary runs the compiled CLI', () => {
  const help = execFileSync(process.execPath, ['cli/bin/vitalbase.mjs', '--help'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(help).toContain('Usage: vitalbase');
});
