import { and, desc, eq, getTableColumns } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { hotQuery } from '../../db/hot-sql';
import { keysetAfter, keysetTime } from '../../db/keyset';
import { dataAccessLog } from './access-log.schema';

export type AccessLogRow = typeof dataAccessLog.$inferSelect;
export type NewAccessLogRow = typeof dataAccessLog.$inferInsert;

/**
 * A write the reader keeps beside an access's log row (oauth: the partner connection's last read),
 * made by the row's own statement as a data-modifying CTE. Its text refers to the row's user id as
 * $1 (uuid), its time as $2 (timestamptz) and the actor's id as $3 (text); `name` is unique per text
 * (it names the prepared statement).
 */
export interface AccessRecordCompanion {
  name: string;
  text: string;
}

const INSERT_COLUMNS = `INSERT INTO data_access_log
    (user_id, at, actor_id, actor_type, actor_name, purpose, what, legal_basis)
    VALUES ($1::uuid, $2::timestamptz, $3::text, $4::text, $5::text, $6::text, $7::jsonb, $8::text)`;
const INSERT_ONE = { name: 'access_log_insert', text: INSERT_COLUMNS };
/** One prepared statement per companion (its text is fixed where it is declared). */
const insertWith = new Map<string, { name: string; text: string }>();

function insertStatement(companion: AccessRecordCompanion | undefined) {
  if (!companion) return INSERT_ONE;
  let statement = insertWith.get(companion.name);
  if (!statement) {
    statement = {
      name: `access_log_insert_with_${companion.name}`,
      text: `WITH companion AS (${companion.text})\n    ${INSERT_COLUMNS}`,
    };
    insertWith.set(companion.name, statement);
  }
  return statement;
}

export function createAccessLogRepo(db: Executor) {
  return {
    /**
     * One row, hand-written (issue 17: every partner read writes one), with the reader's companion
     * write in the same statement when given.
     */
    async insertOne(row: NewAccessLogRow & { at: Date }, companion?: AccessRecordCompanion): Promise<void> {
      await hotQuery(db, insertStatement(companion), [
        row.userId,
        row.at,
        row.actorId,
        row.actorType,
        row.actorName,
        row.purpose,
        JSON.stringify(row.what),
        row.legalBasis ?? null,
      ]);
    },
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
