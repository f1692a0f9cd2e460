import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { consentHistory, consents, cookiePreferences } from './consents.schema';

export type ConsentRow = typeof consents.$inferSelect;
export type ConsentHistoryRow = typeof consentHistory.$inferSelect;
export type CookiePreferencesRow = typeof cookiePreferences.$inferSelect;

export function createConsentsRepo(db: Executor) {
  return {
    async list(userId: string, tx: Executor = db): Promise<ConsentRow[]> {
      return tx.select().from(consents).where(eq(consents.userId, userId));
    },
    async find(userId: string, purpose: string, tx: Executor = db): Promise<ConsentRow | undefined> {
      const [row] = await tx
        .select()
        .from(consents)
        .where(and(eq(consents.userId, userId), eq(consents.purpose, purpose)));
      return row;
    },
    async upsert(row: typeof consents.$inferInsert, tx: Executor = db): Promise<void> {
      await tx
        .insert(consents)
        .values(row)
        .onConflictDoUpdate({
          target: [consents.userId, consents.purpose],
          set: {
            granted: row.granted,
            wordingVersion: row.wordingVersion,
            policyVersion: row.policyVersion,
            updatedAt: row.updatedAt,
          },
        });
    },
    async appendHistory(row: typeof consentHistory.$inferInsert, tx: Executor = db): Promise<void> {
      await tx.insert(consentHistory).values(row);
    },
    async history(userId: string, limit: number, tx: Executor = db): Promise<ConsentHistoryRow[]> {
      return tx
        .select()
        .from(consentHistory)
        .where(eq(consentHistory.userId, userId))
        .orderBy(desc(consentHistory.at), desc(consentHistory.id))
        .limit(limit);
    },
    async findCookiePreferences(
      userId: string,
      tx: Executor = db,
    ): Promise<CookiePreferencesRow | undefined> {
      const [row] = await tx.select().from(cookiePreferences).where(eq(cookiePreferences.userId, userId));
      return row;
    },
    async saveCookiePreferences(
      row: typeof cookiePreferences.$inferInsert,
      tx: Executor = db,
    ): Promise<void> {
      await tx
        .insert(cookiePreferences)
        .values(row)
        .onConflictDoUpdate({
          target: cookiePreferences.userId,
          set: {
            analytical: row.analytical,
            socialMedia: row.socialMedia,
            marketing: row.marketing,
            updatedAt: row.updatedAt,
          },
        });
    },
  };
}
