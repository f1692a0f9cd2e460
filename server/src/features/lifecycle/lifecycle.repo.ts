import { and, asc, desc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { users } from '../accounts';
import { accountSuspensions, inactivityNotices, maintenanceWindows } from './lifecycle.schema';

export type SuspensionRow = typeof accountSuspensions.$inferSelect;
export type MaintenanceWindowRow = typeof maintenanceWindows.$inferSelect;
export type InactivityNotice = (typeof inactivityNotices.$inferSelect)['notice'];

/** The account lifecycle's SQL: suspensions, inactivity notices, maintenance windows. */
export function createLifecycleRepo(db: Executor) {
  return {
    async insertSuspension(row: typeof accountSuspensions.$inferInsert, tx: Executor = db) {
      const [created] = await tx.insert(accountSuspensions).values(row).returning();
      return created as SuspensionRow;
    },
    async activeSuspensionOf(userId: string, tx: Executor = db): Promise<SuspensionRow | undefined> {
      const [row] = await tx
        .select()
        .from(accountSuspensions)
        .where(and(eq(accountSuspensions.userId, userId), eq(accountSuspensions.state, 'active')));
      return row;
    },
    async findSuspension(id: string, tx: Executor = db): Promise<SuspensionRow | undefined> {
      const [row] = await tx.select().from(accountSuspensions).where(eq(accountSuspensions.id, id));
      return row;
    },
    /** Ends a running suspension (lifted or closed); false when it was not running any more. */
    async endSuspension(
      userId: string,
      id: string,
      set: Partial<typeof accountSuspensions.$inferInsert>,
      tx: Executor = db,
    ): Promise<boolean> {
      const rows = await tx
        .update(accountSuspensions)
        .set(set)
        .where(
          and(
            eq(accountSuspensions.userId, userId),
            eq(accountSuspensions.id, id),
            eq(accountSuspensions.state, 'active'),
          ),
        )
        .returning({ id: accountSuspensions.id });
      return rows.length > 0;
    },
    /** The officer's register, newest first, with the address (null once the account is purged). */
    async listSuspensions(limit = 200) {
      return db
        .select({ suspension: accountSuspensions, email: users.email })
        .from(accountSuspensions)
        .leftJoin(users, eq(users.id, accountSuspensions.userId))
        .orderBy(desc(accountSuspensions.suspendedAt))
        .limit(limit);
    },
    async dueSuspensions(now: Date): Promise<SuspensionRow[]> {
      return db
        .select()
        .from(accountSuspensions)
        .where(and(eq(accountSuspensions.state, 'active'), lte(accountSuspensions.rectifyBy, now)));
    },

    /**
     * Active accounts whose last use (last_active_at, else the last sign-in, else the sign-up) is on or
     * before `cutoff`: the daily inactivity run's candidates.
     */
    async inactiveSince(cutoff: Date) {
      const since = sql<Date>`coalesce(${users.lastActiveAt}, ${users.lastLoginAt}, ${users.createdAt})`;
      const rows = await db
        .select({
          id: users.id,
          email: users.email,
          displayName: users.displayName,
          timeZone: users.timeZone,
          locale: users.locale,
          since,
        })
        .from(users)
        .where(and(eq(users.state, 'active'), lte(since, cutoff)));
      // node-postgres and PGlite both answer a timestamptz expression, but as text on some paths.
      return rows.map((r) => ({ ...r, since: new Date(r.since) }));
    },
    /** Notes a notice; false when it was already noted for this period of inactivity (never twice). */
    async noteNotice(userId: string, notice: InactivityNotice, inactiveSince: Date, at: Date) {
      const rows = await db
        .insert(inactivityNotices)
        .values({ userId, notice, inactiveSince, sentAt: at })
        .onConflictDoNothing()
        .returning({ userId: inactivityNotices.userId });
      return rows.length > 0;
    },
    async noticeSent(userId: string, notice: InactivityNotice, inactiveSince: Date) {
      const [row] = await db
        .select({ sentAt: inactivityNotices.sentAt })
        .from(inactivityNotices)
        .where(
          and(
            eq(inactivityNotices.userId, userId),
            eq(inactivityNotices.notice, notice),
            eq(inactivityNotices.inactiveSince, inactiveSince),
          ),
        );
      return row?.sentAt;
    },

    async insertWindow(row: typeof maintenanceWindows.$inferInsert) {
      const [created] = await db.insert(maintenanceWindows).values(row).returning();
      return created as MaintenanceWindowRow;
    },
    async cancelWindow(id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(maintenanceWindows)
        .set({ cancelledAt: at })
        .where(and(eq(maintenanceWindows.id, id), isNull(maintenanceWindows.cancelledAt)))
        .returning({ id: maintenanceWindows.id });
      return rows.length > 0;
    },
    /** Windows not cancelled and not over: the banner's and the write gate's list. */
    async openWindows(now: Date): Promise<MaintenanceWindowRow[]> {
      return db
        .select()
        .from(maintenanceWindows)
        .where(and(isNull(maintenanceWindows.cancelledAt), gt(maintenanceWindows.endsAt, now)))
        .orderBy(asc(maintenanceWindows.startsAt));
    },
    async listWindows(limit = 200): Promise<MaintenanceWindowRow[]> {
      return db.select().from(maintenanceWindows).orderBy(desc(maintenanceWindows.startsAt)).limit(limit);
    },
    /** Claims a window's mail once (several servers may run the job). */
    async claimWindowMail(id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(maintenanceWindows)
        .set({ mailedAt: at })
        .where(and(eq(maintenanceWindows.id, id), isNull(maintenanceWindows.mailedAt)))
        .returning({ id: maintenanceWindows.id });
      return rows.length > 0;
    },
    /** Every account that receives service mail (not closed, not waiting for a parent). */
    async mailableUsers() {
      return db
        .select({
          id: users.id,
          email: users.email,
          displayName: users.displayName,
          timeZone: users.timeZone,
          locale: users.locale,
        })
        .from(users)
        .where(sql`${users.state} in ('active', 'suspended', 'disabled')`);
    },
  };
}
