import type { ServiceHealth } from '@vitalbase/core';
import type { Database } from '../../db/client';

interface QueueRow {
  name: string;
  state: string;
  n: string | number;
  last_failed: string | Date | null;
}

/**
 * The console's service page (issue #16): how many accounts, devices and readings (counts, nobody's
 * data), and per job queue how many runs wait, run, failed and completed in pg-boss's own table
 * (jobs/queue.ts keeps it in the `pgboss` schema; a process that never started the queue has none).
 */
export async function serviceHealth(database: Pick<Database, 'raw'>): Promise<ServiceHealth> {
  const { rows } = await database.raw.query<{
    users: string;
    devices: string;
    readings: string;
    has_queue: boolean;
  }>(
    `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM devices) AS devices,
            (SELECT count(*) FROM health_readings) AS readings, to_regclass('pgboss.job') IS NOT NULL AS has_queue`,
  );
  const c = rows[0];
  if (!c) throw new Error('the counts query answered no row');
  const queues = new Map<string, ServiceHealth['queues'][number]>();
  if (c.has_queue) {
    const { rows: jobRows } = await database.raw.query<QueueRow>(
      `SELECT name, state::text AS state, count(*) AS n,
              max(completed_on) FILTER (WHERE state = 'failed') AS last_failed
         FROM pgboss.job GROUP BY name, state ORDER BY name`,
    );
    for (const r of jobRows) {
      const q = queues.get(r.name) ?? {
        name: r.name,
        queued: 0,
        active: 0,
        failed: 0,
        completed: 0,
        lastFailedAt: null,
      };
      const n = Number(r.n);
      if (r.state === 'created' || r.state === 'retry') q.queued += n;
      else if (r.state === 'active') q.active += n;
      else if (r.state === 'failed') {
        q.failed += n;
        q.lastFailedAt = r.last_failed ? new Date(r.last_failed).toISOString() : null;
      } else if (r.state === 'completed') q.completed += n;
      queues.set(r.name, q);
    }
  }
  return {
    counts: { users: Number(c.users), devices: Number(c.devices), readings: Number(c.readings) },
    queues: [...queues.values()],
  };
}
