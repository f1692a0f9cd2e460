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
