import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { householdMembers, householdMemberships, households, unattributedWeighIns } from './household.schema';

export type HouseholdRow = typeof households.$inferSelect;
export type MemberRow = typeof householdMembers.$inferSelect;
export type MembershipRow = typeof householdMemberships.$inferSelect;
export type InboxRow = typeof unattributedWeighIns.$inferSelect;

/**
 * SQL of households. Membership is written on both sides in one transaction (see household.schema.ts);
 * every query names the user whose rows it reads.
 */
export function createHouseholdRepo(db: Executor) {
  return {
    async find(ownerId: string, tx: Executor = db): Promise<HouseholdRow | undefined> {
      const [row] = await tx.select().from(households).where(eq(households.userId, ownerId));
      return row;
    },
    async upsert(ownerId: string, name: string, tx: Executor = db): Promise<HouseholdRow> {
      const [row] = await tx
        .insert(households)
        .values({ userId: ownerId, name })
        .onConflictDoUpdate({ target: households.userId, set: { name } })
        .returning();
      return row!;
    },
    async members(ownerId: string, tx: Executor = db): Promise<MemberRow[]> {
      return tx
        .select()
        .from(householdMembers)
        .where(eq(householdMembers.userId, ownerId))
        .orderBy(asc(householdMembers.invitedAt));
    },
    async memberships(memberId: string, tx: Executor = db): Promise<MembershipRow[]> {
      return tx
        .select()
        .from(householdMemberships)
        .where(eq(householdMemberships.userId, memberId))
        .orderBy(asc(householdMemberships.invitedAt));
    },
    async membership(
      memberId: string,
      ownerId: string,
      tx: Executor = db,
    ): Promise<MembershipRow | undefined> {
      const [row] = await tx
        .select()
        .from(householdMemberships)
        .where(and(eq(householdMemberships.userId, memberId), eq(householdMemberships.ownerUserId, ownerId)));
      return row;
    },
    async invite(ownerId: string, memberId: string, at: Date, tx: Executor): Promise<void> {
      await tx
        .insert(householdMembers)
        .values({ userId: ownerId, memberUserId: memberId, status: 'invited', invitedAt: at })
        .onConflictDoNothing();
      await tx
        .insert(householdMemberships)
        .values({ userId: memberId, ownerUserId: ownerId, status: 'invited', invitedAt: at })
        .onConflictDoNothing();
    },
    async activate(ownerId: string, memberId: string, at: Date, tx: Executor): Promise<void> {
      await tx
        .update(householdMembers)
        .set({ status: 'active', joinedAt: at })
        .where(and(eq(householdMembers.userId, ownerId), eq(householdMembers.memberUserId, memberId)));
      await tx
        .update(householdMemberships)
        .set({ status: 'active', joinedAt: at })
        .where(and(eq(householdMemberships.userId, memberId), eq(householdMemberships.ownerUserId, ownerId)));
    },
    async remove(ownerId: string, memberId: string, tx: Executor): Promise<void> {
      await tx
        .delete(householdMembers)
        .where(and(eq(householdMembers.userId, ownerId), eq(householdMembers.memberUserId, memberId)));
      await tx
        .delete(householdMemberships)
        .where(and(eq(householdMemberships.userId, memberId), eq(householdMemberships.ownerUserId, ownerId)));
    },

    async park(row: typeof unattributedWeighIns.$inferInsert, tx: Executor = db): Promise<InboxRow> {
      const [inserted] = await tx.insert(unattributedWeighIns).values(row).returning();
      return inserted!;
    },
    async inbox(ownerId: string, tx: Executor = db): Promise<InboxRow[]> {
      return tx
        .select()
        .from(unattributedWeighIns)
        .where(eq(unattributedWeighIns.userId, ownerId))
        .orderBy(asc(unattributedWeighIns.receivedAt));
    },
    async inboxItem(ownerId: string, id: string, tx: Executor = db): Promise<InboxRow | undefined> {
      const [row] = await tx
        .select()
        .from(unattributedWeighIns)
        .where(and(eq(unattributedWeighIns.userId, ownerId), eq(unattributedWeighIns.id, id)));
      return row;
    },
    /** False when it was already taken (claimed or discarded by another member meanwhile). */
    async takeInboxItem(ownerId: string, id: string, tx: Executor = db): Promise<boolean> {
      const rows = await tx
        .delete(unattributedWeighIns)
        .where(and(eq(unattributedWeighIns.userId, ownerId), eq(unattributedWeighIns.id, id)))
        .returning({ id: unattributedWeighIns.id });
      return rows.length === 1;
    },
  };
}
export type HouseholdRepo = ReturnType<typeof createHouseholdRepo>;
