import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { type Config, prepareDatabase, startServer } from '@vitalbase/server';

/** The worker's place among N, given by the primary: worker 0 also runs the job queue. */
const WORKER_INDEX = 'VITALBASE_WORKER_INDEX';
/** A worker that dies this soon after starting, this many times in a row, stops the whole server. */
const CRASH_LOOP_MS = 10_000;
const CRASH_LOOP_TIMES = 3;

/** Every core on a PostgreSQL server; one process on the embedded database (it is single-process). */
export function defaultWorkers(config: Pick<Config, 'databaseUrl'>): number {
  return config.databaseUrl ? availableParallelism() : 1;
}

/**
 * `serve --workers N` (issue #19): N processes answer on one port (node:cluster hands connections to
 * them in turn). The primary migrates the database and re-applies the erasure journal once, then forks;
 * it serves nothing itself and starts again a worker that dies. Nothing a request needs lives in one
 * worker's memory (sessions, CSRF, OAuth state, challenges, rate limits, throttles and jobs are all in
 * the database), so any worker, or any server behind a load balancer, can answer the next request.
 * The job queue runs in worker 0 only (pg-boss would be safe in all; one keeps the polling low).
 */
export async function serveWithWorkers(config: Config, workers: number): Promise<void> {
  if (cluster.isWorker) return runWorker(config);
  if (!config.databaseUrl && workers > 1) {
    throw new Error(
      '--workers: the embedded database is single-process; run one worker, or use a PostgreSQL server (DATABASE_URL)',
    );
  }
  await prepareDatabase(config);
  const indexOf = new Map<number, number>();
  const crashes = new Map<number, { at: number; times: number }>();
  let stopping = false;
  const fork = (index: number) => {
    const worker = cluster.fork({
      [WORKER_INDEX]: String(index),
      JOBS: index === 0 && config.jobs ? 'true' : 'false',
    });
    indexOf.set(worker.id, index);
    crashes.set(index, { at: Date.now(), times: crashes.get(index)?.times ?? 0 });
  };
  cluster.on('exit', (worker: Worker, code, signal) => {
    const index = indexOf.get(worker.id) ?? 0;
    indexOf.delete(worker.id);
    if (stopping) {
      if (indexOf.size === 0) process.exit(0);
      return;
    }
    const last = crashes.get(index)!;
    const times = Date.now() - last.at < CRASH_LOOP_MS ? last.times + 1 : 0;
    crashes.set(index, { at: last.at, times });
    if (times >= CRASH_LOOP_TIMES) {
      console.error(`worker ${index} keeps exiting at start (${signal ?? code}): stopping`);
      stopping = true;
      for (const id of indexOf.keys()) cluster.workers?.[id]?.process.kill('SIGTERM');
      process.exitCode = 1;
      if (indexOf.size === 0) process.exit(1);
      return;
    }
    console.error(`worker ${index} exited (${signal ?? code}): starting it again`);
    fork(index);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      if (indexOf.size === 0) process.exit(0);
      for (const id of indexOf.keys()) cluster.workers?.[id]?.process.kill('SIGTERM');
    });
  }
  for (let i = 0; i < workers; i++) fork(i);
  console.log(`Vitalbase: ${workers} worker processes on port ${config.port}`);
}

async function runWorker(config: Config) {
  const server = await startServer(config, { prepared: true });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.close().then(() => process.exit(0));
    });
  }
}
