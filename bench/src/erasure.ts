import { eq, sql } from 'drizzle-orm';
import { accountEmails, users } from '../../server/src/features/accounts/accounts.schema';
import { createErasureService } from '../../server/src/features/erasure/erasure.service';
import { tablesWithUserData } from '../../server/src/db/delete-user-data';
import type { HeavyUser } from './export';
import { loadHeavyUser } from './reads';
import type { BenchApp } from './setup';
import type { Sizes } from './sizes';
import { percentile, since } from './stats';

export interface ErasureBenchResult {
  /** The request (POST /api/me/erasure) and the purge of the heavy user, each timed. */
  requestMs: number;
  purgeSeconds: number;
  /** Rows the heavy user had before the purge (every table with its user_id, and the account). */
  rowsBefore: number;
  /** Another user's latest 30 days of readings, at `connections` at once: without a purge, then during it. */
  connections: number;
  idleRequests: number;
  idleP99Ms: number;
  duringRequests: number;
  duringP99Ms: number;
  /** duringP99Ms ÷ idleP99Ms (goal ≤ 2). */
  p99Ratio: number;
}

const DAY_MS = 86_400_000;

/**
 * Workload 5: the heavy user asks for erasure over HTTP, then the purge the hourly job runs
 * (`purgeDue`, with a clock 8 days on, past the cancel window) deletes everything, while another user
 * reads the latest 30 days of their weight in a loop. The suite fails unless the purge leaves the heavy
 * user zero rows and the other user's reads all answer 200.
 */
export async function runErasure(b: BenchApp, victim: HeavyUser, sizes: Sizes): Promise<ErasureBenchResult> {
  const reader = await loadHeavyUser(b, { heartRateDays: 0, stepsDays: 0, weighInDays: 60 });
  const now = Date.now();
  const readPath = `/api/health-data/readings?metric=weight&from=${new Date(now - 30 * DAY_MS).toISOString()}&to=${new Date(now).toISOString()}`;
  const check = await fetch(b.baseUrl + readPath, { headers: { cookie: reader.cookie } });
  const body = (await check.json()) as { items?: unknown[] };
  if (check.status !== 200 || !body.items?.length)
    throw new Error(`erasure: the reader's latest 30 days answered ${check.status} with no readings`);

  const rowsBefore = await rowsOf(b, victim.id);
  if (rowsBefore === 0) throw new Error('erasure: the heavy user has no rows to purge');

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const idle = readLoop(b.baseUrl + readPath, reader.cookie, sizes.erasureConnections);
  // The first requests warm the connections up: not counted.
  await sleep(500);
  idle.reset();
  await sleep(sizes.readSeconds * 1000);
  const idleMs = await idle.stop();

  const t0 = performance.now();
  const res = await victim.client.post('/api/me/erasure', { currentPassword: victim.password });
  const requestMs = since(t0);
  if (res.statusCode !== 202) throw new Error(`erasure request answered ${res.statusCode}: ${res.body}`);

  // The purge job's own code, on a clock past the 7-day cancel window.
  const later = () => new Date(Date.now() + 8 * DAY_MS);
  const purge = createErasureService({ ...b.app.ctx, now: later });
  const during = readLoop(b.baseUrl + readPath, reader.cookie, sizes.erasureConnections);
  const t1 = performance.now();
  const purged = await purge.purgeDue();
  const purgeMs = since(t1);
  const duringMs = await during.stop();
  if (purged !== 1) throw new Error(`erasure: the purge job purged ${purged} requests, expected 1`);
  const left = await rowsOf(b, victim.id);
  if (left !== 0) throw new Error(`erasure: ${left} rows of the purged user are left`);

  const idleP99Ms = percentile(idleMs, 99);
  const duringP99Ms = percentile(duringMs, 99);
  return {
    requestMs,
    purgeSeconds: purgeMs / 1000,
    rowsBefore,
    connections: sizes.erasureConnections,
    idleRequests: idleMs.length,
    idleP99Ms,
    duringRequests: duringMs.length,
    duringP99Ms,
    p99Ratio: duringP99Ms / idleP99Ms,
  };
}

/** Every row held about a user: each table with a user_id (found from the schema), the account, its emails. */
async function rowsOf(b: BenchApp, userId: string): Promise<number> {
  const db = b.database.db;
  let n = 0;
  for (const { table, userId: column } of tablesWithUserData())
    n += await db.$count(table, eq(column, userId));
  n += await db.$count(accountEmails, eq(accountEmails.userId, userId));
  n += await db.$count(users, sql`${users.id} = ${userId}`);
  return n;
}

/**
 * `connections` clients each asking one request after the other until stopped; every answer must be
 * 200. Each client finishes at least one request, so a short purge still has figures.
 */
function readLoop(url: string, cookie: string, connections: number) {
  let stopped = false;
  const latencies: number[] = [];
  const client = async () => {
    do {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200)
        throw new Error(`another user's read answered ${res.status} during the erasure run`);
      latencies.push(since(t0));
    } while (!stopped);
  };
  let failure: unknown;
  const clients = Array.from({ length: connections }, () =>
    client().catch((err: unknown) => {
      failure ??= err;
      stopped = true;
    }),
  );
  return {
    reset() {
      latencies.length = 0;
    },
    async stop(): Promise<number[]> {
      stopped = true;
      await Promise.all(clients);
      if (failure) throw failure;
      return latencies;
    },
  };
}
