import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { type SmtpCapture, startSmtpCapture } from '../../server/src/test/smtp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUTPUT_DIR = path.join(ROOT, 'e2e/output');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Browser suites run where Chromium is installed (CI installs it); elsewhere they are skipped. */
export const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.warn(
    `[e2e] ${CHROMIUM_PATH} not found: browser tests are skipped. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
  );
}

export interface E2EServer {
  /** The server's base URL, also its PUBLIC_URL (links in mails point here). */
  url: string;
  smtp: SmtpCapture;
  /** What the server process printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
  /** Ends the server process as a crash or a restart would; `resume()` starts it again on the same data. */
  halt(): Promise<void>;
  resume(): Promise<void>;
  /**
   * A server started with `{ clock: true }` (e2e/src/clock-server.test-support.ts): moves its clock
   * forward, or queues a scheduled job now, instead of waiting on the wall clock.
   */
  advanceClock(ms: number): Promise<void>;
  runJob(name: string): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A real server process, as a user runs it (`vitalbase serve`), on a fresh embedded database in a
 * temporary data dir (or the PostgreSQL server named by E2E_DATABASE_URL), with its mail going to an
 * SMTP server in this test process. The web app is built first when web/dist is stale.
 */
export async function startServer(
  env: Record<string, string> = {},
  /**
   * `publicHost: 'localhost'`: PUBLIC_URL on localhost (passkeys need a domain, not an IP address).
   * `clock: true`: a server whose clock the test moves (`advanceClock`, `runJob`).
   */
  opts: { publicHost?: string; clock?: boolean } = {},
): Promise<E2EServer> {
  // The test runner sets NODE_ENV=test; the app is built and served as users get it.
  const { DATABASE_URL: _db, NODE_ENV: _env, ...inherited } = process.env;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/ensure-web-build.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...inherited, NODE_ENV: 'production' },
  });
  const smtp = await startSmtpCapture();
  const port = await freePort();
  const url = `http://${opts.publicHost ?? '127.0.0.1'}:${port}`;
  // Health checks go to the address the server listens on, whatever PUBLIC_URL names.
  const listening = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-e2e-'));
  let output = '';
  const spawnServer = () => {
    const [command, args] = opts.clock
      ? [process.execPath, ['--import', 'tsx', 'e2e/src/clock-server.test-support.ts']]
      : [path.join(ROOT, 'node_modules/.bin/tsx'), ['cli/src/index.ts', 'serve']];
    const child = spawn(command, args, {
      cwd: ROOT,
      detached: true, // its own process group, so stop() ends tsx and the node process it starts
      stdio: opts.clock ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
      env: {
        ...inherited,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: url,
        VITALBASE_DATA_DIR: dataDir,
        SMTP_URL: smtp.url,
        LOG_LEVEL: 'warn',
        ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
        ...env,
      },
    });
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, exited };
  };
  let server = spawnServer();

  /** Ends the server process (its data stays). */
  const halt = async () => {
    const { child, exited } = server;
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const stop = async () => {
    await halt();
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const started = async () => {
    try {
      await waitForHealth(listening, server.child, 90_000);
    } catch (err) {
      await stop();
      throw new Error(`${(err as Error).message}\n--- server output ---\n${output}`);
    }
  };
  /** Starts the server process again, on the same address and data, after `halt()`. */
  const resume = async () => {
    server = spawnServer();
    await started();
  };

  let commands = 0;
  /** One command to the clock-driven server, answered once done. */
  const command = (body: { advanceMs?: number; runJob?: string }) =>
    new Promise<void>((resolve, reject) => {
      const { child } = server;
      if (!opts.clock || !child.connected) {
        reject(new Error('this server was not started with { clock: true }'));
        return;
      }
      const id = ++commands;
      const onReply = (m: { id: number; ok: boolean; error?: string }) => {
        if (m.id !== id) return;
        child.off('message', onReply);
        if (m.ok) resolve();
        else reject(new Error(m.error));
      };
      child.on('message', onReply);
      child.send({ id, ...body });
    });

  await started();
  return {
    url,
    smtp,
    output: () => output,
    stop,
    halt,
    resume,
    advanceClock: (ms) => command({ advanceMs: ms }),
    runJob: (name) => command({ runJob: name }),
  };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}

/** Debian's Chromium driven by playwright-core; each launch has a fresh temporary profile. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

/** A browser context (its own cookies: another browser, as far as the server can tell). */
export function newContext(browser: Browser, opts: { locale?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: opts.locale ?? 'en-US',
    viewport: DESKTOP,
    timezoneId: 'Europe/Paris',
  });
}

/**
 * Problems a page reported: uncaught exceptions, console errors, and server errors (5xx). The
 * browser's own "Failed to load resource … 4xx" lines are not counted: the API answers bad input
 * with a 4xx by design, and the app shows those answers to the user.
 */
export function trackProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    problems.push(`console error on ${page.url()}: ${text}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 500) problems.push(`${res.status()} from ${res.request().method()} ${res.url()}`);
  });
  return problems;
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * Runs axe-core on the page as it is now and answers its serious and critical violations, described
 * for a test failure message. axe is evaluated through the DevTools protocol, which the app's
 * Content-Security-Policy (script-src 'self') does not block, so the page is checked as it ships.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations as AxeViolation[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${page.url()} [${v.impact}] ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => JSON.stringify(n.target))
          .join(', ')}`,
    );
}

/**
 * The check every browser test makes on a page once it has settled: no serious accessibility
 * violation, nothing reported to the console (`problems` from trackProblems).
 */
export async function expectCleanPage(page: Page, problems: string[]): Promise<void> {
  await page.waitForLoadState('networkidle');
  expect(await axeViolations(page), `accessibility of ${page.url()}`).toEqual([]);
  expect(problems, `problems reported by ${page.url()}`).toEqual([]);
}

/** A full-page screenshot under e2e/output/ (kept out of git; CI keeps them as artifacts). */
export async function screenshot(page: Page, name: string) {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT_DIR, `${name}.png`), fullPage: true });
}

/** True when the page is wider than its viewport (content cut off or scrolling sideways on a phone). */
export function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}
