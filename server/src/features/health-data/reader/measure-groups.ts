import type { Executor } from '../../../db/client';
import { type HotStatement, hotQuery } from '../../../db/hot-sql';
import type { healthReadings } from '../health-data.schema';
import { type RawReadingColumns, readingColumns, readingFromColumns } from '../reading-row';

export type ReadingGroup = typeof healthReadings.$inferSelect & {
  measures: Array<{ metric: string; value: number }>;
};

export interface MeasureGroupsQuery {
  metrics: string[];
  having?: string[];
  from?: Date;
  to?: Date;
  updatedAfter?: Date;
  offset: number;
  limit: number;
}

/**
 * The partner APIs' hot read (getmeas, heart list), hand-written (issue 17: drizzle built the subquery
 * on every request): the page of live readings holding one of `having` as a subquery, left-joined to
 * its measures of `metrics` (a reading kept by `having` may hold none of them), measures in metric
 * order. Each combination of the optional filters is its own named statement, so PostgreSQL plans
 * each with its own index range instead of one generic `$n IS NULL OR …` plan.
 */
const statements = new Map<number, HotStatement>();

function statementFor(q: MeasureGroupsQuery): HotStatement {
  const mask = (q.from ? 1 : 0) | (q.to ? 2 : 0) | (q.updatedAfter ? 4 : 0);
  let statement = statements.get(mask);
  if (!statement) {
    // The filters present take $6, $7, … in this order (measureGroups passes their values so).
    let n = 5;
    const filters = [
      mask & 1 ? `r.taken_at >= $${++n}::timestamptz` : undefined,
      mask & 2 ? `r.taken_at <= $${++n}::timestamptz` : undefined,
      mask & 4 ? `r.updated_at > $${++n}::timestamptz` : undefined,
    ].filter(Boolean);
    statement = {
      name: `partner_measure_groups_${mask}`,
      text: `SELECT ${readingColumns('p')}, m.metric, m.value
    FROM (
      SELECT r.* FROM health_readings r
      WHERE r.user_id = $1::uuid AND r.deleted_at IS NULL${filters.map((f) => ` AND ${f}`).join('')}
        AND EXISTS (SELECT 1 FROM health_measures h
          WHERE h.user_id = $1::uuid AND h.reading_id = r.id AND h.metric = ANY($3::text[]))
      ORDER BY r.taken_at DESC, r.id DESC
      LIMIT $4::int OFFSET $5::int
    ) p
    LEFT JOIN health_measures m ON m.user_id = $1::uuid AND m.reading_id = p.id AND m.metric = ANY($2::text[])
    ORDER BY p.taken_at DESC, p.id DESC, m.metric ASC`,
    };
    statements.set(mask, statement);
  }
  return statement;
}

interface Row extends RawReadingColumns {
  metric: string | null;
  value: number | null;
}

/** Readings holding at least one of `having` (default: `metrics`), newest first, with their measures. */
export async function measureGroups(
  tx: Executor,
  userId: string,
  q: MeasureGroupsQuery,
): Promise<ReadingGroup[]> {
  if (!q.metrics.length) return [];
  const statement = statementFor(q);
  const values: unknown[] = [userId, q.metrics, q.having ?? q.metrics, q.limit, q.offset];
  for (const at of [q.from, q.to, q.updatedAfter]) if (at) values.push(at);
  const groups: ReadingGroup[] = [];
  for (const row of await hotQuery<Row>(tx, statement, values)) {
    let group = groups.at(-1);
    if (group?.id !== row.id) {
      group = { ...readingFromColumns(userId, row), measures: [] };
      groups.push(group);
    }
    if (row.metric !== null && row.value !== null)
      group.measures.push({ metric: row.metric, value: row.value });
  }
  return groups;
}
