import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { treeCpuMs } from './proc-cpu';
import type { BenchApp } from './setup';
import { since } from './stats';

export interface StartupResult {
  /** First start of the built JavaScript: creates the data dir (PGlite) and applies the migrations. */
  firstStartMs: number;
  /** Second start of the built JavaScript on the now existing data directory / database. */
  existingStartMs: number;
  /** The same existing-data start through the TypeScript loader (what `npm start` ran before the build). */
  loaderExistingStartMs: number;
  /**
   * CPU time (ms, the server's processes) of the built and the loader's existing-data starts: on a
   * shared machine the wall times swing with the neighbours' load, what the start costs does not.
   */
  existingStartCpuMs: number;
  loaderExistingStartCpuMs: number;
}

const root = path.resolve(import.meta.dirname, '../..');

/** What `npm start` runs after its build check, and the TypeScript loader it replaced (issue #19). */
const entries = {
  built: [process.execPath, '--enable-source-maps', 'cli/dist/vitalbase.js', 'serve'],
  loader: [path.join(root, 'node_modules/.bin/tsx'), 'cli/src/index.ts', 'serve'],
};

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

/** `vitalbase serve` from one entry until a request is answered. */
async function timeOneStart(
  dataDir: string,
  databaseUrl: string | undefined,
  entry: keyof typeof entries,
): Promise<{ ms: number; cpuMs: number }> {
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
  const [command, ...args] = entries[entry];
  const child = spawn(command!, args, {
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
        if (res.status < 500) return { ms: since(start), cpuMs: treeCpuMs(child.pid!) };
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

/**
 * Workload 4: start-up to the first answered request, on a fresh then an existing data directory, of
 * the built JavaScript (built first, not timed), then again on the existing data through the loader.
 */
export async function runStartup(b: Pick<BenchApp, 'databaseUrl'>): Promise<StartupResult> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-bench-start-'));
  try {
    const first = await timeOneStart(dataDir, b.databaseUrl, 'built');
    const existing = await timeOneStart(dataDir, b.databaseUrl, 'built');
    const loader = await timeOneStart(dataDir, b.databaseUrl, 'loader');
    return {
      firstStartMs: first.ms,
      existingStartMs: existing.ms,
      loaderExistingStartMs: loader.ms,
      existingStartCpuMs: existing.cpuMs,
      loaderExistingStartCpuMs: loader.cpuMs,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
