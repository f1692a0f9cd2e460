import { and, desc, eq, getTableColumns } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { keysetAfter, keysetTime } from '../../db/keyset';
import { dataAccessLog } from './access-log.schema';

export type AccessLogRow = typeof dataAccessLog.$inferSelect;
export type NewAccessLogRow = typeof dataAccessLog.$inferInsert;

export function createAccessLogRepo(db: Executor) {
  return {
    /** One row, or several in one statement (a read of several users' data). */
    async insert(rows: NewAccessLogRow | NewAccessLogRow[], tx: Executor = db): Promise<void> {
      await tx.insert(dataAccessLog).values(Array.isArray(rows) ? rows : [rows]);
    },
    /**
     * One user's log, newest first, after an optional (at, id) cursor; `at` is the exact instant text
     * (each row's `cursorAt`), so entries less than a millisecond apart page correctly.
     */
    async list(
      userId: string,
      opts: { limit: number; before?: { at: string; id: string } },
      tx: Executor = db,
    ): Promise<Array<AccessLogRow & { cursorAt: string }>> {
      const { before } = opts;
      return tx
        .select({ ...getTableColumns(dataAccessLog), cursorAt: keysetTime(dataAccessLog.at) })
        .from(dataAccessLog)
        .where(
          and(
            eq(dataAccessLog.userId, userId),
            keysetAfter(
              [
                { column: dataAccessLog.at, type: 'timestamptz' },
                { column: dataAccessLog.id, type: 'uuid' },
              ],
              before && [before.at, before.id],
              'desc',
            ),
          ),
        )
        .orderBy(desc(dataAccessLog.at), desc(dataAccessLog.id))
        .limit(opts.limit);
    },
  };
}
