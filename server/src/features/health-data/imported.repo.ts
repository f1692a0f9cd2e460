import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import {
  healthMeasures,
  healthReadingNotes,
  healthReadings,
  healthSeriesDays,
  healthSessions,
} from './health-data.schema';
import { sessionTombstone } from './sessions.repo';

/** The series source key of an import's points: undo deletes exactly these days. */
export const importSourceKey = (importId: string) => `import:${importId}`;

/**
 * The SQL of imports (issue #18): the duplicate checks across every source, which the import's rule
 * needs (docs/import.md: same metric, same instant, same value), and the removal of what one import
 * added. Every query is bound to one user.
 */
export function createImportedRepo(db: Executor) {
  return {
    /**
     * A batch's duplicate check in one query: the values stored at each (metric, instant) key, from any
     * source, each with its key's position (0-based). Arrays as parameters (unnest), one per column, so
     * the statement does not grow with the batch.
     */
    async valuesAtKeys(
      userId: string,
      keys: ReadonlyArray<{ metric: string; takenAt: Date }>,
      tx: Executor = db,
    ): Promise<Array<{ i: number; value: number }>> {
      if (!keys.length) return [];
      const result = await tx.execute(sql`
        select (k.i - 1)::int as i, m.value
        from unnest(${sql.param(keys.map((k) => k.metric))}::text[],
                    ${sql.param(keys.map((k) => k.takenAt.toISOString()))}::timestamptz[])
             with ordinality as k(metric, taken_at, i)
        join health_measures m
          on m.user_id = ${userId} and m.metric = k.metric and m.taken_at = k.taken_at`);
      return (result as unknown as { rows: Array<{ i: number; value: number }> }).rows;
    },

    /** A batch's readings and their measures in two statements (arrays, unnest): ids are the caller's. */
    async insertReadings(
      userId: string,
      rows: ReadonlyArray<{
        id: string;
        takenAt: Date;
        utcOffsetMinutes: number;
        metricsKey: string;
        importId: string;
        measures: ReadonlyArray<{ metric: string; value: number }>;
      }>,
      now: Date,
      tx: Executor = db,
    ) {
      if (!rows.length) return;
      const col = <T>(f: (r: (typeof rows)[number]) => T) => sql.param(rows.map(f));
      await tx.execute(sql`
        insert into health_readings
          (user_id, id, taken_at, utc_offset_minutes, source, metrics_key, import_id, created_at, updated_at)
        select ${userId}, r.id, r.taken_at, r.utc_offset_minutes, 'import', r.metrics_key, r.import_id,
               ${now}, ${now}
        from unnest(${col((r) => r.id)}::uuid[], ${col((r) => r.takenAt.toISOString())}::timestamptz[],
                    ${col((r) => r.utcOffsetMinutes)}::smallint[], ${col((r) => r.metricsKey)}::text[],
                    ${col((r) => r.importId)}::uuid[])
             as r(id, taken_at, utc_offset_minutes, metrics_key, import_id)`);
      const measures = rows.flatMap((r) => r.measures.map((m) => ({ r, m })));
      const mcol = <T>(f: (x: (typeof measures)[number]) => T) => sql.param(measures.map(f));
      await tx.execute(sql`
        insert into health_measures (user_id, reading_id, metric, taken_at, value)
        select ${userId}, m.reading_id, m.metric, m.taken_at, m.value
        from unnest(${mcol((x) => x.r.id)}::uuid[], ${mcol((x) => x.m.metric)}::text[],
                    ${mcol((x) => x.r.takenAt.toISOString())}::timestamptz[],
                    ${mcol((x) => x.m.value)}::float8[])
             as m(reading_id, metric, taken_at, value)`);
    },

    /**
     * A batch's sessions, 1,000 rows a statement: a statement holds at most 65,535 parameters and a
     * session row takes 18 (a Withings archive's sleep.csv is one row a night for years).
     */
    async insertSessions(rows: Array<typeof healthSessions.$inferInsert>, tx: Executor = db) {
      for (let i = 0; i < rows.length; i += 1000)
        await tx.insert(healthSessions).values(rows.slice(i, i + 1000));
    },

    /** Live sessions of any source over exactly one of these spans (a batch's duplicate check). */
    async sameSpans(
      userId: string,
      spans: ReadonlyArray<{ type: 'sleep' | 'workout'; start: Date; end: Date }>,
      tx: Executor = db,
    ): Promise<Array<{ i: number; id: string }>> {
      if (!spans.length) return [];
      const result = await tx.execute(sql`
        select (k.i - 1)::int as i, s.id
        from unnest(${sql.param(spans.map((x) => x.type))}::text[],
                    ${sql.param(spans.map((x) => x.start.toISOString()))}::timestamptz[],
                    ${sql.param(spans.map((x) => x.end.toISOString()))}::timestamptz[])
             with ordinality as k(type, start_at, end_at, i)
        join health_sessions s
          on s.user_id = ${userId} and s.start_at = k.start_at and s.type = k.type
         and s.end_at = k.end_at and s.deleted_at is null`);
      return (result as unknown as { rows: Array<{ i: number; id: string }> }).rows;
    },

    /** Values stored at this instant for these metrics, from any source (a deleted reading has none). */
    async valuesAt(userId: string, takenAt: Date, metrics: string[], tx: Executor = db) {
      const m = healthMeasures;
      return tx
        .select({ metric: m.metric, value: m.value })
        .from(m)
        .where(and(eq(m.userId, userId), eq(m.takenAt, takenAt), inArray(m.metric, metrics)));
    },

    /** A live session of this type over exactly this span, from any source. */
    async sameSpan(
      userId: string,
      q: { type: 'sleep' | 'workout'; start: Date; end: Date },
      tx: Executor = db,
    ) {
      const s = healthSessions;
      const [row] = await tx
        .select({ id: s.id })
        .from(s)
        .where(
          and(
            eq(s.userId, userId),
            eq(s.type, q.type),
            eq(s.startAt, q.start),
            eq(s.endAt, q.end),
            isNull(s.deletedAt),
          ),
        )
        .limit(1);
      return row;
    },

    /** Stored series days of every other source for these metrics and UTC days (the points to skip). */
    async otherSourceDays(
      userId: string,
      sourceKey: string,
      metrics: string[],
      days: string[],
      tx: Executor = db,
    ) {
      if (!metrics.length || !days.length) return [];
      const d = healthSeriesDays;
      return tx
        .select({
          metric: d.metric,
          day: d.day,
          intervalSeconds: d.intervalSeconds,
          firstSlot: d.firstSlot,
          width: d.width,
          points: d.points,
        })
        .from(d)
        .where(
          and(
            eq(d.userId, userId),
            inArray(d.metric, metrics),
            inArray(d.day, days),
            ne(d.sourceKey, sourceKey),
          ),
        );
    },

    /**
     * Removes what one import added: its readings and sessions become tombstones (as a user's delete
     * does, so synced clients and partners learn of it), its series days are deleted. Returns what was
     * removed, for the derived values to be recomputed.
     */
    async removeImport(userId: string, importId: string, now: Date, tx: Executor = db) {
      const r = healthReadings;
      const ofImport = and(eq(r.userId, userId), eq(r.importId, importId), isNull(r.deletedAt));
      const readings = await tx
        .select({
          id: r.id,
          takenAt: r.takenAt,
          metricsKey: r.metricsKey,
          utcOffsetMinutes: r.utcOffsetMinutes,
        })
        .from(r)
        .where(ofImport);
      const ids = readings.map((x) => x.id);
      for (let i = 0; i < ids.length; i += 5000) {
        const part = ids.slice(i, i + 5000);
        await tx
          .delete(healthMeasures)
          .where(and(eq(healthMeasures.userId, userId), inArray(healthMeasures.readingId, part)));
        await tx
          .delete(healthReadingNotes)
          .where(and(eq(healthReadingNotes.userId, userId), inArray(healthReadingNotes.readingId, part)));
      }
      await tx.update(r).set({ deletedAt: now, updatedAt: now, clientRef: null }).where(ofImport);
      const s = healthSessions;
      const sessions = await tx
        .update(s)
        .set(sessionTombstone(now))
        .where(and(eq(s.userId, userId), eq(s.importId, importId), isNull(s.deletedAt)))
        .returning({ id: s.id, type: s.type, startAt: s.startAt, endAt: s.endAt });
      const d = healthSeriesDays;
      const days = await tx
        .delete(d)
        .where(and(eq(d.userId, userId), eq(d.sourceKey, importSourceKey(importId))))
        .returning({ metric: d.metric, day: d.day, utcOffsetMinutes: d.utcOffsetMinutes });
      return { readings, sessions, days };
    },

    /** How many live rows an import holds (its list entry and the tests). */
    async countImported(userId: string, importId: string, tx: Executor = db) {
      const [readings] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(healthReadings)
        .where(
          and(
            eq(healthReadings.userId, userId),
            eq(healthReadings.importId, importId),
            isNull(healthReadings.deletedAt),
          ),
        );
      const [sessions] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(healthSessions)
        .where(
          and(
            eq(healthSessions.userId, userId),
            eq(healthSessions.importId, importId),
            isNull(healthSessions.deletedAt),
          ),
        );
      const [days] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(healthSeriesDays)
        .where(
          and(eq(healthSeriesDays.userId, userId), eq(healthSeriesDays.sourceKey, importSourceKey(importId))),
        );
      return { readings: readings!.n, sessions: sessions!.n, seriesDays: days!.n };
    },
  };
}
