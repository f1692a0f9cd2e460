import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The failover test's app servers (real server processes) and its webhook receiver. */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface AppServer {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/**
 * The production build (`npm run build`) when it is there and current; otherwise the TypeScript loader
 * (building here would also build the web app, which the browser suite builds under its own lock).
 */
const useBuild =
  existsSync(path.join(ROOT, 'cli/dist/vitalbase.js')) &&
  !(await import(path.join(ROOT, 'scripts/build.mjs'))).buildIsStale();

/** The real server in its own process. */
export function startAppServer(port: number, env: Record<string, string>): AppServer {
  const built = path.join(ROOT, 'cli/dist/vitalbase.js');
  const [command, args] = useBuild
    ? [process.execPath, [built, 'serve', '--workers', '1']]
    : [path.join(ROOT, 'node_modules/.bin/tsx'), ['cli/src/index.ts', 'serve', '--workers', '1']];
  // The test runner's NODE_ENV=test and DATABASE_URL are not the server's.
  const { NODE_ENV: _env, DATABASE_URL: _db, TEST_DATABASE_URL: _tdb, ...inherited } = process.env;
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true, // its own process group: the loader and the node process it starts end together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d;
  });
  return { url: `http://127.0.0.1:${port}`, child, output: () => output };
}

export async function waitHealthy(server: AppServer, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null)
      throw new Error(`the app server at ${server.url} exited:\n${server.output().slice(-3000)}`);
    const ok = await fetch(`${server.url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(500);
  }
  throw new Error(
    `the app server at ${server.url} was not healthy within ${timeoutMs / 1000} s:\n${server.output().slice(-3000)}`,
  );
}

export async function stopAppServer(server: AppServer) {
  if (server.child.exitCode !== null || !server.child.pid) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  try {
    process.kill(-server.child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-server.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** A partner's webhook endpoint: records each call's delivery id (header and body). */
/** A partner's webhook endpoint; `answerAfterMs`: a slow partner, so calls are in flight at any time. */
export async function startReceiver({ answerAfterMs = 0 }: { answerAfterMs?: number } = {}) {
  const calls: Array<{ header: string | undefined; bodyId: unknown; at: number }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let bodyId: unknown;
      try {
        bodyId = JSON.parse(Buffer.concat(chunks).toString('utf8')).id;
      } catch {
        bodyId = undefined;
      }
      const header = req.headers['vitalbase-delivery'];
      calls.push({ header: Array.isArray(header) ? header[0] : header, bodyId, at: Date.now() });
      setTimeout(() => res.end('ok'), answerAfterMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
