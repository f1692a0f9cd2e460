import type { FastifyBaseLogger } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { type AuditRepo, createAuditRepo } from '../features/audit';
import { createMailer, type Mailer } from '../features/mail';
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

/**
 * The one way to build an AppContext: the server (createApp) and the CLI (`vitalbase …` commands) both
 * call it, so an operator command mails, audits and reads the clock exactly as a request does.
 * Without a mailer, mail goes to the configured SMTP server or the embedded outbox; the caller closes it.
 * Without a log, nothing is logged (the CLI prints its own lines).
 */
export function createAppContext(deps: {
  config: Config;
  database: Database;
  log?: Logger;
  mailer?: Mailer;
  now?: () => Date;
}): AppContext {
  const { config, database } = deps;
  const log = deps.log ?? pino({ level: 'silent' });
  return {
    config,
    database,
    mailer:
      deps.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, db: database.db, log }),
    audit: createAuditRepo(database.db),
    log,
    now: deps.now ?? (() => new Date()),
  };
}
