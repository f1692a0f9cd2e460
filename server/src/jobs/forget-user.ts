import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { JOB_SCHEMA } from './queue';

/** pg-boss 10's tables that hold job data: `job` (partitioned per queue) and `archive`. */
const JOB_TABLES = ['job', 'archive'] as const;

/**
 * Erasure in the job queue: pg-boss keeps a job for up to 14 days (`keep_until`), then its archived
 * copy for days more, and job data names the user (`{ userId, exportId }`, `{ userId, deliveryId }`).
 * Deletes every job, waiting, running, done or archived, whose data or output names the user, whatever
 * the key. A database where the queue never started has no such tables. Answers how many rows went.
 */
export async function forgetUserInJobQueue(db: Executor, userId: string): Promise<number> {
  let deleted = 0;
  for (const table of JOB_TABLES) {
    const name = `${JOB_SCHEMA}.${table}`;
    const exists = (await db.execute(sql`SELECT to_regclass(${name}) IS NOT NULL AS present`)) as {
      rows: { present: boolean }[];
    };
    if (!exists.rows[0]?.present) continue;
    const result = await db.execute(
      sql`DELETE FROM ${sql.raw(name)}
           WHERE strpos(data::text, ${userId}) > 0 OR strpos(coalesce(output::text, ''), ${userId}) > 0`,
    );
    const r = result as { rowCount?: number | null; affectedRows?: number };
    deleted += r.rowCount ?? r.affectedRows ?? 0;
  }
  return deleted;
}
