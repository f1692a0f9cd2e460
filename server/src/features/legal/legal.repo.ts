import { and, asc, desc, eq, isNull, lte } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { legalDisclosures, processors } from './legal.schema';

export type DisclosureRow = typeof legalDisclosures.$inferSelect;
export type ProcessorRow = typeof processors.$inferSelect;

/** The legal register's SQL: disclosures (keyed by the user) and the processors register (global). */
export function createLegalRepo(db: Executor) {
  return {
    async insertDisclosure(row: typeof legalDisclosures.$inferInsert, tx: Executor = db) {
      const [created] = await tx.insert(legalDisclosures).values(row).returning();
      return created as DisclosureRow;
    },
    async findDisclosure(id: string): Promise<DisclosureRow | undefined> {
      const [row] = await db.select().from(legalDisclosures).where(eq(legalDisclosures.id, id));
      return row;
    },
    async listDisclosures(limit = 200): Promise<DisclosureRow[]> {
      return db.select().from(legalDisclosures).orderBy(desc(legalDisclosures.requestedAt)).limit(limit);
    },
    /** Disclosures whose notice is now allowed and not yet given (the daily job). */
    async noticeDue(now: Date): Promise<DisclosureRow[]> {
      return db
        .select()
        .from(legalDisclosures)
        .where(
          and(
            isNull(legalDisclosures.notifiedAt),
            eq(legalDisclosures.noticeForbidden, 'until_date'),
            lte(legalDisclosures.noticeAllowedFrom, now),
          ),
        );
    },
    /** Claims the notice once (several servers may run the job). */
    async markNotified(userId: string, id: string, at: Date, tx: Executor = db): Promise<boolean> {
      const rows = await tx
        .update(legalDisclosures)
        .set({ notifiedAt: at })
        .where(
          and(
            eq(legalDisclosures.userId, userId),
            eq(legalDisclosures.id, id),
            isNull(legalDisclosures.notifiedAt),
          ),
        )
        .returning({ id: legalDisclosures.id });
      return rows.length > 0;
    },

    async activeProcessors(): Promise<ProcessorRow[]> {
      return db.select().from(processors).where(isNull(processors.removedAt)).orderBy(asc(processors.name));
    },
    async insertProcessor(row: typeof processors.$inferInsert): Promise<ProcessorRow> {
      const [created] = await db.insert(processors).values(row).returning();
      return created as ProcessorRow;
    },
    async updateProcessor(
      id: string,
      set: Partial<typeof processors.$inferInsert>,
    ): Promise<ProcessorRow | undefined> {
      const [row] = await db
        .update(processors)
        .set(set)
        .where(and(eq(processors.id, id), isNull(processors.removedAt)))
        .returning();
      return row;
    },
  };
}
