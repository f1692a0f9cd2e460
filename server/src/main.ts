import { createApp } from './app';
import { type Config, ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { reapplyErasureJournal } from './features/erasure';
import { allJobs, type JobQueue, startJobs } from './jobs';
import { publicUrlNotice } from './lib/public-origin';

export interface RunningServer {
  url: string;
  /** The app in this process (its ctx holds the database), for in-process helpers such as the demo. */
  app: Awaited<ReturnType<typeof createApp>>;
  close(): Promise<void>;
}

export interface StartOptions {
  /**
   * A worker of `serve --workers N`: the primary process has migrated the database and re-applied the
   * erasure journal before forking, so N workers do not race to do it again.
   */
  prepared?: boolean;
  /**
   * The clock (AppContext.now). Only the browser tests' clock-driven server passes one
   * (e2e/src/clock-server.test-support.ts), so a scenario moves time instead of waiting on it.
   */
  now?: () => Date;
}

/**
 * What must happen once before any process serves: migrations, then the erasure journal (an erased
 * person in a restored backup is purged again). `serve --workers N` runs it in the primary.
 */
export async function prepareDatabase(config: Config): Promise<void> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    ownerUrl: config.databaseOwnerUrl,
    dataDir: config.dataDir,
    timeouts: config.databaseTimeouts,
  });
  try {
    await database.migrate();
    const app = await createApp({ config: { ...config, logLevel: 'warn' }, database });
    try {
      await reapplyErasureJournal(app.ctx);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

/** loadConfig() → open and migrate the database → createApp() → listen. */
export async function startServer(
  config: Config = loadConfig(),
  opts: StartOptions = {},
): Promise<RunningServer> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    ownerUrl: config.databaseOwnerUrl,
    dataDir: config.dataDir,
    timeouts: config.databaseTimeouts,
  });
  if (!opts.prepared) await database.migrate();
  const app = await createApp({ config, database, now: opts.now });
  // Before the first answer: an erased person in a restored backup is purged again (erasure journal).
  if (!opts.prepared) await reapplyErasureJournal(app.ctx);
  if (database.engine === 'postgres' && (await database.servingRoleOwnsAuditTrail())) {
    // Not refused: a single-role installation keeps working, its trail guarded by triggers and the chain.
    app.log.warn(
      "the server's database role owns the audit trail (or is a superuser): it could delete or rewrite it. " +
        'Serve with a role that does not own the schema (DATABASE_OWNER_URL, see docs/architecture.md).',
    );
  }
  // Background work (purges, lifecycle, deliveries) on the same database, unless JOBS=false.
  const jobs: JobQueue | undefined = config.jobs ? await startJobs(app.ctx, allJobs) : undefined;
  // Features queue on-demand work (e.g. an export) through the context.
  if (jobs) app.ctx.jobs = jobs;
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await jobs?.stop();
    await app.close();
    await database.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const engine =
    database.engine === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'PostgreSQL server';
  const notice = publicUrlNotice(config.host, config.publicUrl);
  if (notice) app.log[notice.level](notice.message);
  app.log.info(
    `Vitalbase is running on ${engine}: open ${config.publicUrl.replace(`:${config.port}`, `:${port}`)}`,
  );
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await jobs?.stop();
      await app.close();
      await database.close();
    })();
    return closing;
  };
  return { url: `http://${config.host}:${port}`, app, close };
}

export { ConfigError, loadConfig };
