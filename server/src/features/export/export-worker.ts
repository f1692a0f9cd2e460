import { createWriteStream } from 'node:fs';
import { parentPort, type Worker } from 'node:worker_threads';
import type { PgSession } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pg-proxy';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import * as schema from '../../db/schema';
import { endWhenIdle, isModuleThread, startModuleThread } from '../../lib/module-thread';
import { buildExport, type ExportContext, type ExportProgress, type ExportResult } from './build-export';

/**
 * The export job's build in a worker thread with a bounded heap: a five-year account's archive is
 * hundreds of MB of text, and its garbage (and the deflate's buffers) then grow and collect in the
 * worker's heap, not in the one that serves requests. Its reads stay in the main thread, on the app's
 * own database (PGlite lives in this process and cannot be opened twice; on PostgreSQL the pool and
 * its failover stay in one place): the worker's drizzle is drizzle's proxy driver, which sends each
 * statement here and maps the rows there, exactly as the app's drivers map them (the rows come back
 * raw, in array mode, from the app's own session).
 */
const EXPORT_WORKER = 'vitalbase.export-worker';
/**
 * The thread's heap bound: the export's live data is a page of rows (export-large.int.test.ts: a few
 * MB) beside the app's modules (≈ 50 MB). Not lower: V8 scales its heap growing factor with this
 * limit (1.3 at 256 MB up to 4 from 2 GB on 64-bit), and a small factor on a small heap means a full
 * collection every few MB: the five-year export's CPU per point doubled (180 days, PostgreSQL: 1,326
 * ns at 512 MB, 1,189 at 1 GB, 649 at 2 GB, 611 in the main thread; RSS the same ±7 %).
 */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 2048 };
/** The thread is kept this long after its last build: starting one loads the app's modules again. */
const IDLE_MS = 60_000;

interface WorkerJob {
  userId: string;
  file: string;
  exportedAt: string;
  config: Pick<Config, 'dataRegion' | 'publicUrl'>;
}

type ToMain =
  | { kind: 'query'; build: number; id: number; sql: string; params: unknown[]; method: 'all' | 'execute' }
  | { kind: 'progress'; build: number; progress: ExportProgress }
  | { kind: 'done'; build: number; result: ExportResult }
  | { kind: 'failed'; build: number; message: string };

type ToWorker =
  | { kind: 'build'; build: number; job: WorkerJob }
  | { kind: 'rows'; id: number; rows: unknown[] }
  | { kind: 'error'; id: number; message: string };

interface Build {
  session: PgSession;
  onProgress: (progress: ExportProgress) => void;
  settle: (err: Error | null, result?: ExportResult) => void;
}

/** The one export thread of the process, its builds in flight (each with its app's session). */
interface ExportThread {
  worker: Worker;
  builds: Map<number, Build>;
  idle?: NodeJS.Timeout;
}
let thread: ExportThread | undefined;
let nextBuild = 0;

/** `buildExport` of the user into `file`, in the export thread; its reads run here, on `ctx.database`. */
export function buildExportInWorker(
  ctx: ExportContext,
  userId: string,
  file: string,
  onProgress: (progress: ExportProgress) => void,
): Promise<ExportResult> {
  const job: WorkerJob = {
    userId,
    file,
    exportedAt: ctx.now().toISOString(),
    config: { dataRegion: ctx.config.dataRegion, publicUrl: ctx.config.publicUrl },
  };
  const t = exportThread();
  const build = nextBuild++;
  return new Promise<ExportResult>((resolve, reject) => {
    const session = (ctx.database.db as unknown as { session: PgSession }).session;
    const settle = (err: Error | null, result?: ExportResult) => {
      if (!t.builds.delete(build)) return;
      if (!t.builds.size) idle(t);
      if (err) reject(err);
      else resolve(result as ExportResult);
    };
    clearTimeout(t.idle);
    t.worker.ref();
    t.builds.set(build, { session, onProgress, settle });
    t.worker.postMessage({ kind: 'build', build, job } satisfies ToWorker);
  });
}

function exportThread(): ExportThread {
  if (thread) return thread;
  // This module is also the thread's entry (lib/module-thread.ts: the loader in tests, the one bundle built).
  const worker = startModuleThread(import.meta.url, EXPORT_WORKER, RESOURCE_LIMITS);
  const t: ExportThread = { worker, builds: new Map() };
  const failAll = (err: Error) => {
    if (thread === t) thread = undefined;
    for (const b of [...t.builds.values()]) b.settle(err);
  };
  worker.on('message', (message: ToMain) => {
    const b = t.builds.get(message.build);
    if (!b) return;
    if (message.kind === 'query') {
      runQuery(b.session, message).then(
        (rows) => worker.postMessage({ kind: 'rows', id: message.id, rows } satisfies ToWorker),
        (err: Error) =>
          worker.postMessage({ kind: 'error', id: message.id, message: err.message } satisfies ToWorker),
      );
    } else if (message.kind === 'progress') b.onProgress(message.progress);
    else if (message.kind === 'done') b.settle(null, message.result);
    else b.settle(new Error(message.message));
  });
  // Out of its heap (ERR_WORKER_OUT_OF_MEMORY) or stopped: its builds fail, the next one starts a thread.
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the export thread stopped (exit code ${code})`)));
  thread = t;
  return t;
}

function idle(t: ExportThread): void {
  t.idle = endWhenIdle(t.worker, IDLE_MS, () => {
    if (thread === t) thread = undefined;
  });
}

/** A statement of the worker on the app's session: `all` as raw rows in array mode (the worker maps them). */
async function runQuery(
  session: PgSession,
  q: { sql: string; params: unknown[]; method: 'all' | 'execute' },
) {
  const query = { sql: q.sql, params: q.params };
  if (q.method === 'all') {
    return (await session.prepareQuery(query, [], undefined, true, (rows) => rows).execute()) as unknown[];
  }
  const result = (await session.prepareQuery(query, undefined, undefined, false).execute()) as {
    rows: unknown[];
  };
  return result.rows;
}

/** The thread's side: builds as they are asked for, each statement sent to the main thread. */
function serveBuilds(): void {
  const port = parentPort as NonNullable<typeof parentPort>;
  const send = (message: ToMain) => port.postMessage(message);
  const waiting = new Map<number, { resolve: (rows: unknown[]) => void; reject: (err: Error) => void }>();
  let next = 0;
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'build') {
      void runBuild(message.build, message.job);
      return;
    }
    const call = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.kind === 'rows') call?.resolve(message.rows);
    else call?.reject(new Error(message.message));
  });

  async function runBuild(build: number, job: WorkerJob): Promise<void> {
    const db = drizzle(
      (sql, params, method) =>
        new Promise((resolve, reject) => {
          const id = next++;
          waiting.set(id, { resolve: (rows) => resolve({ rows }), reject });
          send({ kind: 'query', build, id, sql, params, method: method === 'execute' ? 'execute' : 'all' });
        }),
      { schema },
    ) as unknown as Db;
    const exportedAt = new Date(job.exportedAt);
    const out = createWriteStream(job.file, { mode: 0o600 });
    // The file is closed before the answer: the main thread renames or removes it.
    const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
    try {
      const result = await buildExport(
        { database: { db }, config: job.config, now: () => exportedAt },
        job.userId,
        out,
        (progress) => send({ kind: 'progress', build, progress }),
      );
      await closed;
      send({ kind: 'done', build, result });
    } catch (err) {
      out.destroy();
      await closed;
      send({ kind: 'failed', build, message: err instanceof Error ? err.message : String(err) });
    }
  }
}

if (isModuleThread(EXPORT_WORKER)) serveBuilds();
