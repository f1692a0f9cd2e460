import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { keysetAfter, keysetTime } from '../../../db/keyset';
import { healthDerived, healthMeasures, healthReadings } from '../health-data.schema';
import type { ReadingWithMeasures } from '../readings.repo';
import type { DerivedOf } from './export-pages';
import { measuresForReadings } from './measures';
import { notDeleted } from './tombstones';

/** An instant range of a search: `gte` ≤ t < `lt`, either side open. */
export interface InstantRange {
  gte?: Date;
  lt?: Date;
}

/**
 * The Observation index of one user, computed from the stored readings: one row per Observation,
 * `(taken_at, reading_id, key)`, where key is the Observation kind (a metric, or 'blood-pressure' for
 * a systolic+diastolic pair, or 'bmi' from the derived values). Pages are keysets on that triple, so a
 * client paging through sees every Observation exactly once, even while new ones arrive.
 */
export interface ObservationRow {
  /** taken_at as text with microseconds, exact for the keyset. */
  takenAt: string;
  readingId: string;
  key: string;
}

export interface ObservationQuery {
  /** Kinds wanted (never empty: an empty search is answered before the database). */
  keys: readonly string[];
  /** Catalog metrics those kinds read. */
  metrics: readonly string[];
  includeBmi: boolean;
  date: InstantRange;
  lastUpdated: InstantRange;
  descending: boolean;
  after?: ObservationRow;
  limit: number;
}

function rangeSql(column: SQL, r: InstantRange): SQL[] {
  return [
    ...(r.gte ? [sql`${column} >= ${r.gte.toISOString()}::timestamptz`] : []),
    ...(r.lt ? [sql`${column} < ${r.lt.toISOString()}::timestamptz`] : []),
  ];
}

const where = (parts: SQL[]) => sql.join(parts, sql` and `);

/** Every Observation of the user matching the query, as one SQL relation (both engines accept it). */
function observationsRelation(userId: string, q: ObservationQuery): SQL {
  const m = sql`m`;
  const measureParts: SQL[] = [
    sql`m.user_id = ${userId}`,
    q.metrics.length
      ? sql`m.metric in (${sql.join(
          q.metrics.map((x) => sql`${x}`),
          sql`, `,
        )})`
      : sql`false`,
    ...rangeSql(sql`m.taken_at`, q.date),
    ...rangeSql(sql`r.updated_at`, q.lastUpdated),
  ];
  // Systolic and diastolic of one reading are one panel; one alone is its own Observation.
  const measures = sql`
    select m.taken_at as taken_at, m.reading_id::text as reading_id,
      case when m.metric in ('systolic_bp', 'diastolic_bp') and (
          select count(*) from ${healthMeasures} p
          where p.user_id = m.user_id and p.reading_id = m.reading_id and p.metric in ('systolic_bp', 'diastolic_bp')
        ) = 2 then 'blood-pressure' else replace(m.metric, '_', '-') end as key
    from ${healthMeasures} ${m}
    join ${healthReadings} r on r.user_id = m.user_id and r.id = m.reading_id and ${notDeleted(sql`r`)}
    where ${where(measureParts)}`;
  if (!q.includeBmi) return measures;
  const bmiParts: SQL[] = [
    sql`d.user_id = ${userId}`,
    sql`d.kind = 'bmi'`,
    sql`d.value is not null`,
    ...rangeSql(sql`d.at`, q.date),
    ...rangeSql(sql`d.computed_at`, q.lastUpdated),
  ];
  return sql`${measures}
    union all
    select d.at as taken_at, d.key as reading_id, 'bmi' as key from ${healthDerived} d where ${where(bmiParts)}`;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export function createObservationsRepo(db: Executor) {
  return {
    /** One page of Observation keys, in date order (then reading id, then kind). */
    async page(userId: string, q: ObservationQuery, tx: Executor = db): Promise<ObservationRow[]> {
      const keys = sql.join(
        q.keys.map((k) => sql`${k}`),
        sql`, `,
      );
      const dir = q.descending ? sql`desc` : sql`asc`;
      const after = keysetAfter(
        [
          { column: sql`o.taken_at`, type: 'timestamptz' },
          { column: sql`o.reading_id`, type: 'text' },
          { column: sql`o.key`, type: 'text' },
        ],
        q.after && [q.after.takenAt, q.after.readingId, q.after.key],
        q.descending ? 'desc' : 'asc',
      );
      const result = await tx.execute(sql`
        select distinct ${keysetTime(sql`o.taken_at`)} as "takenAt", o.taken_at, o.reading_id as "readingId", o.key
        from (${observationsRelation(userId, q)}) o
        where o.key in (${keys}) ${after ? sql`and ${after}` : sql``}
        order by o.taken_at ${dir}, o.reading_id ${dir}, o.key ${dir}
        limit ${q.limit}`);
      return rowsOf<ObservationRow>(result).map((r) => ({
        takenAt: r.takenAt,
        readingId: r.readingId,
        key: r.key,
      }));
    },

    async count(userId: string, q: ObservationQuery, tx: Executor = db): Promise<number> {
      const keys = sql.join(
        q.keys.map((k) => sql`${k}`),
        sql`, `,
      );
      const result = await tx.execute(sql`
        select count(*)::int as n from (
          select distinct o.taken_at, o.reading_id, o.key from (${observationsRelation(userId, q)}) o
          where o.key in (${keys})
        ) x`);
      return Number(rowsOf<{ n: number | string }>(result)[0]?.n ?? 0);
    },

    /** Readings (not deleted) with their measures, by id. */
    async readings(
      userId: string,
      ids: readonly string[],
      tx: Executor = db,
    ): Promise<ReadingWithMeasures[]> {
      if (!ids.length) return [];
      const rows = await tx
        .select()
        .from(healthReadings)
        .where(
          and(
            eq(healthReadings.userId, userId),
            inArray(healthReadings.id, [...ids]),
            notDeleted(healthReadings),
          ),
        );
      if (!rows.length) return [];
      const measures = await measuresForReadings(
        tx,
        userId,
        rows.map((r) => r.id),
      );
      return rows.map((r) => ({ ...r, measures: measures.get(r.id) ?? [] }));
    },

    /** Derived BMI values by weigh-in id. */
    async bmis(
      userId: string,
      readingIds: readonly string[],
      tx: Executor = db,
    ): Promise<Array<DerivedOf<'bmi'>>> {
      if (!readingIds.length) return [];
      // Rows of kind 'bmi' (the where clause): the column's union narrowed to its kind.
      return (await tx
        .select()
        .from(healthDerived)
        .where(
          and(
            eq(healthDerived.userId, userId),
            eq(healthDerived.kind, 'bmi'),
            inArray(healthDerived.key, [...readingIds]),
          ),
        )) as Array<DerivedOf<'bmi'>>;
    },
  };
}
