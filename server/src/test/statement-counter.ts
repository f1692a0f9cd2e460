import type { Database } from '../db/client';

/**
 * Counts the SQL statements the app sends through drizzle while `run` runs (transaction control,
 * BEGIN/COMMIT, left out: PGlite does not send them through drizzle, PostgreSQL does), so a test can
 * hold a hot path to its statement budget on both engines. Swaps the session's logger, which
 * drizzle consults for every query, in transactions too (they copy the session's options).
 */
export async function countStatements<T>(
  database: Database,
  run: () => Promise<T>,
): Promise<{ result: T; statements: string[]; params: unknown[][] }> {
  const session = (database.db as unknown as { session: DrizzleSession }).session;
  const before = { logger: session.logger, option: session.options.logger };
  const statements: string[] = [];
  const params: unknown[][] = [];
  const logger = {
    logQuery(query: string, values: unknown[] = []) {
      if (/^\s*(begin|commit|rollback|savepoint|release)\b/i.test(query)) return;
      statements.push(query);
      params.push(values);
    },
  };
  session.logger = logger;
  session.options.logger = logger;
  try {
    return { result: await run(), statements, params };
  } finally {
    session.logger = before.logger;
    session.options.logger = before.option;
  }
}

interface DrizzleSession {
  logger: unknown;
  options: { logger?: unknown };
}
