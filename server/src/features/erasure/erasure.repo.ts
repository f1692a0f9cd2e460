import { and, eq, isNull, lte, or } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { householdMembers, householdMemberships } from '../devices';
import { devices } from '../devices';
import { personalAccessTokens } from '../tokens';
import { erasureRequests, erasureTombstones } from './erasure.schema';

export type ErasureRequestRow = typeof erasureRequests.$inferSelect;

export function createErasureRepo(db: Executor) {
  return {
    async insert(row: typeof erasureRequests.$inferInsert, tx: Executor = db): Promise<ErasureRequestRow> {
      const [inserted] = await tx.insert(erasureRequests).values(row).returning();
      return inserted!;
    },

    /** The user's request that the cancel link names (by its hash), if it is still open. */
    async findOpenByToken(userId: string, tokenHash: string, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(erasureRequests)
        .where(
          and(
            eq(erasureRequests.userId, userId),
            eq(erasureRequests.cancelTokenHash, tokenHash),
            isNull(erasureRequests.cancelledAt),
          ),
        );
      return row;
    },

    /** The user's open request (not cancelled; a purged one is gone with the user), if any. */
    async findOpen(userId: string, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(erasureRequests)
        .where(and(eq(erasureRequests.userId, userId), isNull(erasureRequests.cancelledAt)));
      return row;
    },

    async cancel(userId: string, id: string, at: Date, tx: Executor = db): Promise<boolean> {
      const rows = await tx
        .update(erasureRequests)
        .set({ cancelledAt: at })
        .where(
          and(
            eq(erasureRequests.userId, userId),
            eq(erasureRequests.id, id),
            isNull(erasureRequests.cancelledAt),
          ),
        )
        .returning({ id: erasureRequests.id });
      return rows.length === 1;
    },

    /**
     * Open requests the purge must honour now: past their cancel window, or older than the 30-day
     * guarantee whatever happened. The job's one read across users: identifiers and dates only.
     */
    async due(now: Date, guaranteeCutoff: Date, tx: Executor = db): Promise<ErasureRequestRow[]> {
      return tx
        .select()
        .from(erasureRequests)
        .where(
          and(
            isNull(erasureRequests.cancelledAt),
            or(lte(erasureRequests.purgeAfter, now), lte(erasureRequests.requestedAt, guaranteeCutoff)),
          ),
        );
    },

    async deletePersonalAccessTokens(userId: string, tx: Executor = db): Promise<void> {
      await tx.delete(personalAccessTokens).where(eq(personalAccessTokens.userId, userId));
    },

    /** Every paired device stops working: credential gone, marked unpaired, not shared any more. */
    async unpairDevices(userId: string, at: Date, tx: Executor = db): Promise<void> {
      await tx
        .update(devices)
        .set({ credentialHash: null, unpairedAt: at, sharedWithHousehold: false })
        .where(and(eq(devices.userId, userId), isNull(devices.unpairedAt)));
    },

    /** The user's own side of household links (the other side is ended by forgetUserInDevices). */
    async endOwnHouseholdLinks(userId: string, tx: Executor = db): Promise<void> {
      await tx.delete(householdMembers).where(eq(householdMembers.userId, userId));
      await tx.delete(householdMemberships).where(eq(householdMemberships.userId, userId));
    },

    async insertTombstone(requestedAt: Date, purgedAt: Date, tx: Executor = db): Promise<void> {
      await tx.insert(erasureTombstones).values({ requestedAt, purgedAt });
    },
  };
}
