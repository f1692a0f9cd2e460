import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { DestinationStream } from 'pino';
import { type App, createApp } from '../app';
import { type Config, loadConfig } from '../config';
import type { Database } from '../db/client';
import { SESSION_COOKIE, SESSION_IDLE_MS } from '../features/accounts';
import { hashPassword, newAccount } from '../features/accounts';
import { createSessionsRepo } from '../features/accounts';
import { createUsersRepo, type UserRow } from '../features/accounts';
import { hashToken, randomToken } from '../lib/tokens';
import { createTestDatabase } from './database';
import { type SmtpCapture, startSmtpCapture } from './smtp';

export interface TestApp {
  app: App;
  database: Database;
  config: Config;
  smtp: SmtpCapture;
  clock: TestClock;
  /** A client with its own cookie jar (an anonymous browser). */
  client(): ApiClient;
  close(): Promise<void>;
}

/**
 * `vi.waitFor`'s options for work done off the answer's path (a security event, a worker's stop):
 * its 1 s default is a speed check on a loaded CI, where one database round trip can take that long.
 */
export const OFF_PATH_WAIT = { timeout: 15_000, interval: 50 };

/** A clock tests can move forward: expiry, lockouts and 30-day deadlines without waiting. */
class TestClock {
  private offsetMs = 0;
  private frozenAt: number | undefined;
  now = () => new Date((this.frozenAt ?? Date.now()) + this.offsetMs);
  advance(ms: number) {
    this.offsetMs += ms;
  }
  /**
   * Stops the clock until `resume()` (then it runs on from the wall clock): for a test that compares
   * answers computed from "now", such as a wait in whole seconds, which a loaded machine's pause
   * between two requests would otherwise move across a second.
   */
  freeze() {
    this.frozenAt = Date.now();
  }
  resume() {
    this.frozenAt = undefined;
  }
}

/**
 * The real app, in process, on a fresh database (PGlite, or PostgreSQL with TEST_DATABASE_URL), with
 * mail going to a real SMTP server that the test can read.
 */
export async function createTestApp(
  opts: {
    config?: Partial<Config> /** Log lines at `info` and above go there (no log otherwise). */;
    logStream?: DestinationStream;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const smtp = await startSmtpCapture();
  const clock = new TestClock();
  const config = loadConfig(
    { LOG_LEVEL: 'silent', JOBS: 'false', PUBLIC_URL: 'http://localhost:8080', SMTP_URL: smtp.url },
    {
      dataDir: mkdtempSync(path.join(tmpdir(), 'vitalbase-test-')),
      // A test that listens and talks to itself shares one event loop with its client: a pause of a few
      // seconds between two requests (the FHIR validator loading its definitions on a loaded CI) let the
      // server close the kept-alive socket as the client reused it ("fetch failed"). Tests of that
      // timeout set their own.
      httpKeepAliveTimeoutMs: 120_000,
      ...opts.config,
    },
  );
  const app = await createApp({
    config: opts.logStream ? { ...config, logLevel: 'info' } : config,
    database,
    now: clock.now,
    ...(opts.logStream ? { logStream: opts.logStream } : { logger: false }),
  });
  await app.ready();
  return {
    app,
    database,
    config,
    smtp,
    clock,
    client: () => new ApiClient(app),
    async close() {
      await app.close();
      await smtp.close();
      await database.close();
    },
  };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Talks to the app through `inject` like a browser would: keeps cookies, fetches and sends the CSRF
 * token on writes. Use `.bearer(token)` for token-authenticated calls (no cookies, no CSRF).
 */
export class ApiClient {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;
  private bearerToken: string | undefined;
  userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 VitalbaseTest';

  constructor(readonly app: App) {}

  bearer(token: string): ApiClient {
    const c = new ApiClient(this.app);
    c.bearerToken = token;
    return c;
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }
  getCookie(name: string) {
    return this.cookies.get(name);
  }

  async request(
    method: Method,
    url: string,
    body?: unknown,
    extra: Partial<InjectOptions> = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {
      // A browser sends the host of the address it opened: PUBLIC_URL's.
      host: new URL(this.app.ctx.config.publicUrl).host,
      'user-agent': this.userAgent,
      ...(extra.headers as Record<string, string>),
    };
    if (this.bearerToken) headers.authorization = `Bearer ${this.bearerToken}`;
    else if (method !== 'GET' && !headers['x-csrf-token']) headers['x-csrf-token'] = await this.csrfToken();
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({
      method,
      url,
      ...(body !== undefined ? { payload: body as InjectOptions['payload'] } : {}),
      ...extra,
      // headers last so extra cannot drop the cookies
      ...{ headers },
    });
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() <= Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  /**
   * The same browser on another app server (issue #19): the cookies and the CSRF token are shared, as
   * a load balancer sending the next request elsewhere would see them.
   */
  through(app: App): ApiClient {
    const other = new ApiClient(app);
    other.cookies = this.cookies;
    other.csrf = this.csrf;
    other.bearerToken = this.bearerToken;
    other.userAgent = this.userAgent;
    return other;
  }

  private async csrfToken(): Promise<string> {
    if (!this.csrf) {
      const res = await this.request('GET', '/api/csrf');
      this.csrf = res.json().token as string;
    }
    return this.csrf;
  }

  get = (url: string, extra?: Partial<InjectOptions>) => this.request('GET', url, undefined, extra);
  post = (url: string, body?: unknown, extra?: Partial<InjectOptions>) =>
    this.request('POST', url, body ?? {}, extra);
  put = (url: string, body?: unknown, extra?: Partial<InjectOptions>) =>
    this.request('PUT', url, body ?? {}, extra);
  patch = (url: string, body?: unknown, extra?: Partial<InjectOptions>) =>
    this.request('PATCH', url, body ?? {}, extra);
  delete = (url: string, extra?: Partial<InjectOptions>) => this.request('DELETE', url, undefined, extra);
}

export interface TestUser {
  user: UserRow;
  password: string;
  /** A browser signed in as this user. */
  client: ApiClient;
}

let counter = 0;

/**
 * Every test user of this process has the same password, hashed once: argon2 at production strength
 * takes ~20 ms per hash, paid for each of the suite's hundreds of users before. No test relies on two
 * users having different passwords; one that needs its own passes `overrides.passwordHash`.
 */
const TEST_PASSWORD = `Correct-Horse-${randomToken(6)}`;
let testPasswordHash: Promise<string> | undefined;

/**
 * A unique, verified, active user with a signed-in session, made directly in the database (fast).
 * Flows that test sign-up and sign-in themselves go through the API instead.
 */
export async function createTestUser(
  t: Pick<TestApp, 'app' | 'database' | 'clock'>,
  overrides: Partial<UserRow> = {},
): Promise<TestUser> {
  counter += 1;
  const password = TEST_PASSWORD;
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  // The accounts' own rule (features/accounts/new-account.ts), with the hash computed once per process.
  const { row } = await newAccount(
    {
      email: `user${counter}-${randomToken(4).toLowerCase()}@example.test`,
      displayName: `Test User ${counter}`,
      birthDate: '1985-06-15',
      country: 'FR',
      passwordHash: testPasswordHash,
    },
    { now: t.clock.now(), verified: true },
  );
  const user = await createUsersRepo(t.database.db).insert({ ...row, ...overrides });
  const client = new ApiClient(t.app as App);
  client.setCookie(SESSION_COOKIE, await newSessionCookie(t, user.id));
  return { user, password, client };
}

/**
 * A new signed-in session of the user, made in the database: the value of its session cookie. It
 * counts as a complete sign-in, second factor passed (clinic and staff pages ask for that on the
 * session); `{ secondFactor: false }` makes one that gave the password alone.
 */
export async function newSessionCookie(
  t: Pick<TestApp, 'database' | 'clock'>,
  userId: string,
  opts: { secondFactor?: boolean } = {},
) {
  const secret = randomToken();
  await createSessionsRepo(t.database.db).insert({
    userId,
    id: hashToken(secret),
    userAgent: 'test',
    ip: '127.0.0.1',
    expiresAt: new Date(t.clock.now().getTime() + SESSION_IDLE_MS),
    secondFactorAt: opts.secondFactor === false ? null : t.clock.now(),
  });
  return `${userId}.${secret}`;
}
