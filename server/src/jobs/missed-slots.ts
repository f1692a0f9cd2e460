import cronParser from 'cron-parser';
import type PgBoss from 'pg-boss';
import type { JobDefinition } from './job';

/**
 * pg-boss queues a scheduled run only from a cron check made within the minute of its slot (a check
 * every 30 s, from whichever server takes the turn, then a send worker polling every 5 s): a check that
 * fails — the database failing over, a turn taken just before the connection died — loses that slot for
 * good. An every-minute job has its next slot a minute later; an hourly or daily one would wait an hour
 * or a day. So each server also looks, every minute, for a schedule whose latest slot has no run and
 * queues one. A slot is taken as lost only this long after it: until then pg-boss may still queue it.
 */
const MISSED_SLOT_GRACE_SECONDS = 120;

/** The latest slot of `cron` (UTC) at or before `at`. */
export function latestSlot(cron: string, at: Date): Date {
  return cronParser
    .parseExpression(cron, { tz: 'UTC', currentDate: new Date(at.getTime() + 1) })
    .prev()
    .toDate();
}

/** Answers whether a run of `name` was queued at or after `slot` (waiting, done or archived). */
async function ranSince(query: QueueSql, schema: string, name: string, slot: Date): Promise<boolean> {
  const { rows } = await query(
    `SELECT EXISTS (SELECT 1 FROM ${schema}.job WHERE name = $1 AND created_on >= $2)
         OR EXISTS (SELECT 1 FROM ${schema}.archive WHERE archived_on >= $2 AND name = $1 AND created_on >= $2)
         AS ran`,
    [name, slot.toISOString()],
  );
  return (rows[0] as { ran: boolean } | undefined)?.ran === true;
}

type QueueSql = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

/**
 * Queues a run of each scheduled job whose latest slot (older than the grace) has none. Every server
 * may do this at once: the run is a singleton of its minute, and the queue keeps one run waiting, so a
 * lost slot is run once more, not once per server. Answers the names of the jobs it queued.
 */
export async function queueMissedSlots(
  boss: Pick<PgBoss, 'send'>,
  query: QueueSql,
  schema: string,
  jobs: readonly JobDefinition<never>[],
  now: Date,
): Promise<string[]> {
  const horizon = new Date(now.getTime() - MISSED_SLOT_GRACE_SECONDS * 1000);
  const queued: string[] = [];
  for (const job of jobs) {
    if (!job.cron) continue;
    if (await ranSince(query, schema, job.name, latestSlot(job.cron, horizon))) continue;
    if (await boss.send(job.name, {}, { singletonSeconds: 60 })) queued.push(job.name);
  }
  return queued;
}
