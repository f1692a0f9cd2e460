import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import type { DerivedKind } from './derived-details';
import { healthDerived } from './health-data.schema';

export type DerivedRow = typeof healthDerived.$inferSelect;
export type NewDerived = typeof healthDerived.$inferInsert;

/** Derived values (computed, never measured); every query is bound to one user. */
export function createDerivedRepo(db: Executor) {
  const d = healthDerived;
  return {
    async upsert(row: NewDerived, tx: Executor = db): Promise<void> {
      await tx
        .insert(d)
        .values(row)
        .onConflictDoUpdate({
          target: [d.userId, d.kind, d.key],
          set: {
            at: row.at,
            utcOffsetMinutes: row.utcOffsetMinutes,
            value: row.value,
            label: row.label,
            details: row.details,
            computedAt: row.computedAt,
          },
        });
    },

    /** Several rows in one statement (a batch's days, issue 17); each row replaces its stored one. */
    async upsertMany(rows: NewDerived[], tx: Executor = db): Promise<void> {
      const excluded = (c: string) => sql.raw(`excluded.${c}`);
      // 9 columns a row: 5,000 rows stay below PostgreSQL's 65,535 parameters.
      for (let i = 0; i < rows.length; i += 5000) {
        await tx
          .insert(d)
          .values(rows.slice(i, i + 5000))
          .onConflictDoUpdate({
            target: [d.userId, d.kind, d.key],
            set: {
              at: excluded('at'),
              utcOffsetMinutes: excluded('utc_offset_minutes'),
              value: excluded('value'),
              label: excluded('label'),
              details: excluded('details'),
              computedAt: excluded('computed_at'),
            },
          });
      }
    },

    async remove(userId: string, kind: DerivedKind, keys: string[], tx: Executor = db): Promise<void> {
      if (!keys.length) return;
      await tx.delete(d).where(and(eq(d.userId, userId), eq(d.kind, kind), inArray(d.key, keys)));
    },

    /** Every row of these kinds (a time-zone change recomputes the days from their inputs). */
    async removeKinds(userId: string, kinds: DerivedKind[], tx: Executor = db): Promise<void> {
      await tx.delete(d).where(and(eq(d.userId, userId), inArray(d.kind, kinds)));
    },

    async list(
      userId: string,
      q: { kind: DerivedKind; from: Date; to: Date },
      tx: Executor = db,
    ): Promise<DerivedRow[]> {
      return tx
        .select()
        .from(d)
        .where(and(eq(d.userId, userId), eq(d.kind, q.kind), gte(d.at, q.from), lt(d.at, q.to)))
        .orderBy(asc(d.at))
        .limit(5000);
    },

    async find(
      userId: string,
      kind: DerivedKind,
      key: string,
      tx: Executor = db,
    ): Promise<DerivedRow | undefined> {
      const [row] = await tx
        .select()
        .from(d)
        .where(and(eq(d.userId, userId), eq(d.kind, kind), eq(d.key, key)));
      return row;
    },

    async latestPerKind(userId: string, tx: Executor = db): Promise<DerivedRow[]> {
      return tx
        .selectDistinctOn([d.kind])
        .from(d)
        .where(eq(d.userId, userId))
        .orderBy(asc(d.kind), sql`${d.at} desc`);
    },
  };
}
export type DerivedRepo = ReturnType<typeof createDerivedRepo>;
