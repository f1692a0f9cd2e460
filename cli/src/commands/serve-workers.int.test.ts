import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const serverUrl = process.env.TEST_DATABASE_URL;
const started: ChildProcess[] = [];
const databases: string[] = [];

afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  if (!serverUrl) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function serve(args: string[], env: Record<string, string>) {
  const child = spawn(TSX, ['cli/src/index.ts', 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', JOBS: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const healthy = (port: number) =>
  fetch(`http://127.0.0.1:${port}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
/** The node processes a process started (not the esbuild service tsx also runs as a child). */
const workerPids = (primary: number) =>
  execFileSync('ps', ['--ppid', String(primary), '-o', 'pid=,comm='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, comm]) => comm === 'node' || comm === 'MainThread')
    .map(([pid]) => Number(pid))
    .filter((n) => n > 0);

describe('vitalbase serve --workers', () => {
  it('refuses several workers on the embedded database (it is single-process)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-workers-'));
    const env = { VITALBASE_DATA_DIR: dataDir, PORT: String(await freePort()) };
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    const run = serve(['--workers', '2'], { ...env, DATABASE_URL: '' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('the embedded database is single-process');
  }, 60_000);

  it.runIf(serverUrl)(
    'runs N workers on one port, starts again a worker that dies, and stops them all',
    async () => {
      const name = `vbworkers_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      databases.push(name);
      const url = new URL(serverUrl!);
      url.pathname = `/${name}`;
      const port = await freePort();
      const run = serve(['--workers', '2'], {
        DATABASE_URL: url.toString(),
        PORT: String(port),
        VITALBASE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'vitalbase-workers-')),
      });
      await until(() => run.output().split('Vitalbase is running').length - 1 === 2, 'two workers listening');
      // tsx runs the CLI in a node child of its own: that child is the cluster's primary.
      const primary = workerPids(run.child.pid!)[0]!;
      expect(await healthy(port)).toBe(true);
      const [first] = workerPids(primary);
      expect(workerPids(primary)).toHaveLength(2);

      process.kill(first!, 'SIGKILL');
      await until(() => run.output().includes('exited (SIGKILL): starting it again'), 'the restart');
      await until(
        () => run.output().split('Vitalbase is running').length - 1 === 3,
        'the new worker listening',
      );
      expect(workerPids(primary)).toHaveLength(2);
      expect(workerPids(primary)).not.toContain(first);
      expect(await healthy(port)).toBe(true);

      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(await healthy(port)).toBe(false);
    },
    180_000,
  );
});
