import PgBoss from 'pg-boss';
import type { Database } from '../db/client';
import type { AppContext } from '../lib/context';
import { safeErrorForLog } from '../lib/safe-log';
import { type JobDefinition, SCHEDULED_EXPIRE_SECONDS } from './job';
import { queueMissedSlots } from './missed-slots';

/** pg-boss keeps its tables in this schema of the app's database (not in drizzle: it migrates itself). */
export const JOB_SCHEMA = 'pgboss';

export interface JobQueue {
  /** Queues a run of a job; answers its id, or null when the queue dropped it as a duplicate. */
  send(name: string, data?: object, options?: PgBoss.SendOptions): Promise<string | null>;
  /** Stops the workers and schedules, waits for running jobs (up to a timeout) and pending queries. */
  stop(): Promise<void>;
  /** The queue itself, for tests and operator tooling (job states, schedules). */
  readonly boss: PgBoss;
}

export interface StartJobsOptions {
  /** How often an idle worker looks for work. */
  pollingIntervalSeconds?: number;
  /** How long `stop` waits for running jobs before failing them (they are retried later). */
  stopTimeoutMs?: number;
  /** How often this server looks for scheduled slots pg-boss lost (missed-slots.ts); 60 s. */
  missedSlotCheckMs?: number;
  /** How often pg-boss's maintenance (expiry of stuck runs, archiving) runs; MAINTENANCE_INTERVAL_SECONDS. */
  maintenanceIntervalSeconds?: number;
}

/**
 * pg-boss's default is 120 s. A run whose completion was lost with its connection (a failover just as
 * it ended) stays `active`, and on a `stately` queue blocks the job's next run until the maintenance
 * expires it: up to expiry + this interval. At 30 s an every-minute job runs again within about 2.5
 * minutes of a failover, not 4. The maintenance is a few indexed statements, made by one server a turn.
 */
const MAINTENANCE_INTERVAL_SECONDS = 30;

/**
 * pg-boss's commands on jobs by id (complete, fail, cancel, resume, retry, delete) end with this count,
 * which pg-boss reads back as `rows[0].count`.
 */
const JOB_COMMAND = /select\s+count\(\*\)\s+from\s+results\s*$/i;

/**
 * pg-boss's database adapter over the app's own connection, so the queue works on both engines: SQL
 * without parameters (pg-boss's migrations are several statements in one string) goes through `exec`,
 * the rest through `query`. After `close()` it sends nothing more and waits for the queries in flight,
 * so nothing reaches a database that is being closed.
 */
function queueDatabase(database: Database) {
  let inFlight = 0;
  let closed = false;
  let onDrained: (() => void) | undefined;
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (closed) {
        // pg-boss completes or fails a run that ended after stop without awaiting it: a rejection (or
        // an answer without its count: a TypeError) would be unhandled, so such a command answers "no
        // job changed". The job, left active, expires and is retried (scheduled work is idempotent).
        if (JOB_COMMAND.test(text)) return { rows: [{ count: 0 }] };
        // Anything else is awaited by its caller (a send after stop): a clear refusal, not an empty
        // answer that pg-boss would read as "dropped as a duplicate".
        throw new Error('the job queue is closed');
      }
      inFlight += 1;
      try {
        if (values && values.length > 0) return await database.raw.query(text, values);
        return await database.raw.exec(text);
      } catch (err) {
        // PGlite is the app's one connection: a failed BEGIN…COMMIT string must not leave it inside an
        // aborted transaction. (A server pool is pg-boss's own concern, as with its built-in adapter.)
        if (database.engine === 'pglite' && !values?.length)
          await database.raw.exec('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        inFlight -= 1;
        if (inFlight === 0) onDrained?.();
      }
    },
    async close() {
      closed = true;
      if (inFlight > 0) await new Promise<void>((resolve) => (onDrained = resolve));
    },
  };
}

/**
 * Starts the job queue on the app's database: creates each job's queue, its cron schedule and a worker.
 * Scheduled jobs also run once at start (at most one waits in the queue at a time), so work that came
 * due while no server was running is caught up; their runs must therefore be idempotent.
 */
export async function startJobs(
  ctx: AppContext,
  jobs: readonly JobDefinition<never>[],
  opts: StartJobsOptions = {},
): Promise<JobQueue> {
  const names = new Set<string>();
  for (const job of jobs) {
    if (names.has(job.name)) throw new Error(`two jobs are named ${job.name}`);
    names.add(job.name);
  }
  const db = queueDatabase(ctx.database);
  const boss = new PgBoss({
    db,
    schema: JOB_SCHEMA,
    supervise: true,
    schedule: true,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? MAINTENANCE_INTERVAL_SECONDS,
  });
  let stopping = false;
  boss.on('error', (err) => {
    if (!stopping) ctx.log.error({ err: safeErrorForLog(err) }, 'job queue error');
  });
  await boss.start();
  try {
    await setUpJobs(ctx, boss, jobs, () => stopping, opts);
  } catch (err) {
    // Half started: stop what runs before reporting, so no worker or timer outlives the failure.
    stopping = true;
    await boss.stop({ graceful: false, wait: true });
    await db.close();
    throw err;
  }

  // Slots pg-boss lost (a cron check that met a failover) are queued again, from every server.
  let checking = false;
  const missedSlots = setInterval(async () => {
    if (checking || stopping) return;
    checking = true;
    try {
      // The database's clock, as pg-boss's scheduler and the runs' created_on use it.
      const { rows } = await ctx.database.raw.query<{ now: Date | string }>('SELECT now() AS now');
      const now = new Date(rows[0]!.now);
      const queued = await queueMissedSlots(boss, db.executeSql, JOB_SCHEMA, jobs, now);
      if (queued.length)
        ctx.log.warn({ jobs: queued }, 'scheduled runs queued for slots the scheduler missed');
    } catch (err) {
      // The database is away (a failover): the next check, a minute on, tries again.
      if (!stopping) ctx.log.warn({ err: safeErrorForLog(err) }, 'missed scheduled slots not checked');
    } finally {
      checking = false;
    }
  }, opts.missedSlotCheckMs ?? 60_000);
  missedSlots.unref();

  let stopped: Promise<void> | undefined;
  return {
    boss,
    send: (name, data = {}, options = {}) => {
      if (!names.has(name)) throw new Error(`no job is named ${name}`);
      return boss.send(name, data, options);
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        clearInterval(missedSlots);
        await boss.stop({ graceful: true, wait: true, timeout: opts.stopTimeoutMs ?? 20_000 });
        await db.close();
      })();
      return stopped;
    },
  };
}

/** Each job's queue and worker; then the schedules, and the catch-up run of each scheduled job. */
async function setUpJobs(
  ctx: AppContext,
  boss: PgBoss,
  jobs: readonly JobDefinition<never>[],
  isStopping: () => boolean,
  opts: StartJobsOptions,
) {
  for (const job of jobs) {
    const expireInSeconds = job.expireInSeconds ?? (job.cron ? SCHEDULED_EXPIRE_SECONDS : undefined);
    const queue = {
      name: job.name,
      // Scheduled work: one run waiting and one running at most, whatever the number of servers.
      policy: job.cron ? ('stately' as const) : ('standard' as const),
      retryLimit: job.retryLimit ?? 2,
      retryDelay: job.retryDelaySeconds ?? 5,
      retryBackoff: (job.retryDelaySeconds ?? 5) > 0,
      // pg-boss refuses the key when present but undefined.
      ...(expireInSeconds ? { expireInSeconds } : {}),
    };
    await boss.createQueue(job.name, queue);
    await boss.updateQueue(job.name, queue);
    await boss.work<object>(
      job.name,
      { batchSize: job.batchSize ?? 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 },
      async (runs) => {
        // Fetched just as the queue stopped: hand them back to be retried after the next start.
        if (isStopping()) throw new Error('the job queue is stopping');
        await Promise.all(
          runs.map(async (run) => {
            try {
              await job.run(ctx, run.data as never);
            } catch (err) {
              ctx.log.warn({ err: safeErrorForLog(err), job: job.name, jobId: run.id }, 'job failed');
              // One run: pg-boss fails it. Several: only this one fails (pg-boss would fail the batch);
              // the batch's completion then leaves it as it is (it completes active jobs only).
              if (runs.length === 1) throw err;
              await boss.fail(job.name, run.id, { message: (err as Error).message });
            }
          }),
        );
      },
    );
  }

  // Schedules live in the database: drop those of jobs that no longer exist, (re)write the others.
  for (const schedule of await boss.getSchedules()) {
    if (!jobs.some((job) => job.name === schedule.name && job.cron)) await boss.unschedule(schedule.name);
  }
  for (const job of jobs) {
    if (!job.cron) continue;
    await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
    await boss.send(job.name, {});
  }
}
