import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchApp } from './setup';
import { since } from './stats';

export interface StartupResult {
  /** First start: creates the data dir (PGlite) and applies the migrations. */
  firstStartMs: number;
  /** Second start on the now existing data directory / database. */
  existingStartMs: number;
}

const root = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** `vitalbase serve` (what `npm start` runs after its web-build check) until a request is answered. */
async function timeOneStart(dataDir: string, databaseUrl: string | undefined): Promise<number> {
  const port = await freePort();
  const start = performance.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    VITALBASE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  // PGlite unless a server is named: with-postgres.mjs exports DATABASE_URL to the whole run.
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['cli/src/index.ts', 'serve'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env,
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  try {
    const deadline = start + 120_000;
    while (performance.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`the server exited (${child.exitCode}): ${stderr.slice(-500)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/csrf`);
        await res.arrayBuffer();
        if (res.status < 500) return since(start);
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`the server did not answer within 120 s: ${stderr.slice(-500)}`);
  } finally {
    await stop(child);
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Workload 4: start-up to the first answered request, on a fresh then an existing data directory. */
export async function runStartup(b: BenchApp): Promise<StartupResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-bench-start-'));
  try {
    const firstStartMs = await timeOneStart(dataDir, b.databaseUrl);
    const existingStartMs = await timeOneStart(dataDir, b.databaseUrl);
    return { firstStartMs, existingStartMs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
