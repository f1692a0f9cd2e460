import type { AppContext } from '../lib/context';

/**
 * A unit of background work, declared by a feature (e.g. `accountJobs` in
 * features/accounts/accounts.jobs.ts) and collected in jobs/index.ts.
 */
export interface JobDefinition<Data extends object = Record<string, unknown>> {
  /** The queue's name, e.g. `accounts.purge-unconsented-minors` (letters, digits, `.`, `-`, `_`, `/`). */
  name: string;
  /**
   * A cron expression (UTC) for scheduled work. Scheduled work must be idempotent and work from the
   * database's state ("everything due by now"): it also runs once at every start, so whatever came due
   * while the server was down is caught up, and a slot lost at a failover runs minutes late
   * (missed-slots.ts).
   */
  cron?: string;
  /** How many times a failed run is retried (with backoff) before the job is marked failed. */
  retryLimit?: number;
  /** Seconds before the first retry (doubled at each further one). */
  retryDelaySeconds?: number;
  /**
   * How long a run may stay active before pg-boss gives up on it (its handler is abandoned, the run
   * failed and retried). Scheduled jobs default to SCHEDULED_EXPIRE_SECONDS: a run cut off by a
   * database failover stays `active` until then and, the queue keeping one active run, blocks the next
   * ones; other jobs keep pg-boss's 15 minutes. Set it above the longest honest run.
   */
  expireInSeconds?: number;
  /**
   * Runs a worker takes per poll (default 1), run side by side, each completed or failed on its own.
   * A worker polls every couple of seconds: with one run per poll a server does at most one every
   * poll, too few for a busy queue (webhook deliveries fell minutes behind under a burst of syncs).
   */
  batchSize?: number;
  /**
   * Does the work. Throw to fail the run (it is retried). `data` is what was sent, `{}` for a scheduled
   * run; keep it to identifiers: job data is stored in the queue's tables and must carry no health data.
   */
  run(ctx: AppContext, data: Data): Promise<unknown>;
}

/** A scheduled run stuck this long is retried (a few minutes' runs skipped, not fifteen). */
export const SCHEDULED_EXPIRE_SECONDS = 120;

/** Declares a job with its data type checked at the `send` and `run` ends. */
export function defineJob<Data extends object = Record<string, unknown>>(
  job: JobDefinition<Data>,
): JobDefinition<Data> {
  return job;
}
