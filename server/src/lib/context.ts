import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { AuditRepo } from '../features/audit';
import type { Mailer } from '../features/mail';
import type { JobQueue } from '../jobs/queue';

/** What every feature module is built from: handed to `register(app, ctx)` once at start. */
export interface AppContext {
  config: Config;
  database: Database;
  mailer: Mailer;
  audit: AuditRepo;
  log: FastifyBaseLogger;
  /** The clock, so tests can move time (expiry, lockouts, 30-day deadlines). */
  now: () => Date;
  /**
   * The job queue, once started in this process (startServer with JOBS on; tests start their own).
   * Undefined otherwise: a feature that queues work must also leave it findable by a scheduled job.
   */
  jobs?: Pick<JobQueue, 'send'>;
}
