import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { partnerApps } from './oauth.schema';

export type PartnerAppRow = typeof partnerApps.$inferSelect;
export type NewPartnerApp = typeof partnerApps.$inferInsert;

export function createPartnerAppsRepo(db: Executor) {
  return {
    async insert(row: NewPartnerApp, tx: Executor = db): Promise<PartnerAppRow> {
      const [created] = await tx.insert(partnerApps).values(row).returning();
      return created!;
    },
    async find(clientId: string, tx: Executor = db): Promise<PartnerAppRow | undefined> {
      const [row] = await tx.select().from(partnerApps).where(eq(partnerApps.clientId, clientId));
      return row;
    },
    /** A clinic's backend-services client (one per clinic). */
    async findByClinic(clinicId: string, tx: Executor = db): Promise<PartnerAppRow | undefined> {
      const [row] = await tx.select().from(partnerApps).where(eq(partnerApps.clinicId, clinicId)).limit(1);
      return row;
    },
    /** An app the user manages, or undefined (another user's app answers 404, like a missing one). */
    async findOwned(
      ownerUserId: string,
      clientId: string,
      tx: Executor = db,
    ): Promise<PartnerAppRow | undefined> {
      const [row] = await tx
        .select()
        .from(partnerApps)
        .where(and(eq(partnerApps.ownerUserId, ownerUserId), eq(partnerApps.clientId, clientId)));
      return row;
    },
    async listOwned(ownerUserId: string, tx: Executor = db): Promise<PartnerAppRow[]> {
      return tx
        .select()
        .from(partnerApps)
        .where(eq(partnerApps.ownerUserId, ownerUserId))
        .orderBy(asc(partnerApps.createdAt), asc(partnerApps.clientId));
    },
    async update(
      clientId: string,
      set: Partial<Omit<NewPartnerApp, 'clientId' | 'ownerUserId'>>,
      tx: Executor = db,
    ): Promise<PartnerAppRow | undefined> {
      const [row] = await tx
        .update(partnerApps)
        .set(set)
        .where(eq(partnerApps.clientId, clientId))
        .returning();
      return row;
    },
  };
}
