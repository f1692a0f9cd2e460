import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { keysetAfter } from '../../db/keyset';
import { dataAccessLog } from './access-log.schema';

export type AccessLogRow = typeof dataAccessLog.$inferSelect;
export type NewAccessLogRow = typeof dataAccessLog.$inferInsert;

export function createAccessLogRepo(db: Executor) {
  return {
    async insert(row: NewAccessLogRow, tx: Executor = db): Promise<void> {
      await tx.insert(dataAccessLog).values(row);
    },
    /** One user's log, newest first, after an optional (at, id) cursor. */
    async list(
      userId: string,
      opts: { limit: number; before?: { at: Date; id: string } },
      tx: Executor = db,
    ): Promise<AccessLogRow[]> {
      const { before } = opts;
      return tx
        .select()
        .from(dataAccessLog)
        .where(
          and(
            eq(dataAccessLog.userId, userId),
            keysetAfter(
              [
                { column: dataAccessLog.at, type: 'timestamptz' },
                { column: dataAccessLog.id, type: 'uuid' },
              ],
              before && [before.at.toISOString(), before.id],
              'desc',
            ),
          ),
        )
        .orderBy(desc(dataAccessLog.at), desc(dataAccessLog.id))
        .limit(opts.limit);
    },
  };
}
