import type { Executor } from './client';

/**
 * Hand-written SQL for the hot paths (issue 17: a sync, the latest readings, the session lookup).
 * Profiles showed drizzle's query building and row mapping at a quarter to 40 % of their Node CPU, and
 * PostgreSQL planning the same short queries again on every request. Here the text is written once
 * and the rows mapped by the caller. With a `name`, a PostgreSQL server prepares the statement once
 * per connection and then only binds and executes it (the pg driver's named prepared statements).
 * PGlite sends the text each time: its `EXECUTE` takes no bind parameters, and a named statement at
 * the protocol level is not exposed by its client; it is in process, so no round trip is saved anyway.
 *
 * Statements go through drizzle's logger like the rest, so statement budgets (test/statement-counter)
 * see them. Cast parameters in the text (`$1::uuid`): the server then knows their types at once.
 */
export interface HotStatement {
  /** Unique per text: a connection keeps each name's plan. Omit for statements of varying text. */
  name?: string;
  text: string;
}

interface SessionOf {
  client: {
    query(config: unknown, values?: unknown[]): Promise<{ rows: unknown[] }>;
  };
  logger: { logQuery(query: string, params: unknown[]): void };
}

export async function hotQuery<R>(ex: Executor, statement: HotStatement, values: unknown[]): Promise<R[]> {
  const session = (ex as unknown as { session: SessionOf }).session;
  session.logger.logQuery(statement.text, values);
  const { client } = session;
  const named = statement.name && !isPglite(client);
  const result = named
    ? await client.query({ name: statement.name, text: statement.text, values })
    : await client.query(statement.text, values);
  return result.rows as R[];
}

/** PGlite and its transaction handle have `exec`; the pg driver's pool and clients do not. */
function isPglite(client: object): boolean {
  return 'exec' in client;
}
