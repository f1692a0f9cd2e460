import { and, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { accountEmails, users } from './accounts.schema';

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The user's IANA time zone ('UTC' when unknown): the one lookup behind every "local day" (derived
 * values, the query API's calendar buckets, the Withings-style API's zone names).
 */
export async function timeZoneOf(tx: Executor, userId: string): Promise<string> {
  const [row] = await tx.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, userId));
  return row?.timeZone ?? 'UTC';
}

export function createUsersRepo(db: Executor) {
  return {
    async findById(id: string, tx: Executor = db): Promise<UserRow | undefined> {
      const [row] = await tx.select().from(users).where(eq(users.id, id));
      return row;
    },
    /** Every account id, in pages by primary key (the erasure journal's check at start). */
    async *allIds(pageSize = 5000): AsyncGenerator<string> {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const page = await db
          .select({ id: users.id })
          .from(users)
          .where(gt(users.id, after))
          .orderBy(users.id)
          .limit(pageSize);
        for (const row of page) yield row.id;
        if (page.length < pageSize) return;
        after = page[page.length - 1]!.id;
      }
    },
    async findByEmail(email: string, tx: Executor = db): Promise<UserRow | undefined> {
      const [entry] = await tx
        .select()
        .from(accountEmails)
        .where(eq(accountEmails.email, normalizeEmail(email)));
      return entry ? this.findById(entry.userId, tx) : undefined;
    },
    /** Inserts the user and claims the email in the directory; a taken email fails on its primary key. */
    async insert(user: NewUser & { id: string }, tx: Executor = db): Promise<UserRow> {
      const email = normalizeEmail(user.email);
      await tx.insert(accountEmails).values({ email, userId: user.id });
      const [row] = await tx
        .insert(users)
        .values({ ...user, email })
        .returning();
      return row!;
    },
    /** Counts one more failed sign-in, atomically, and answers the new count. */
    async addFailedLogin(id: string, tx: Executor = db): Promise<number> {
      const [row] = await tx
        .update(users)
        .set({ failedLoginCount: sql`${users.failedLoginCount} + 1` })
        .where(eq(users.id, id))
        .returning({ count: users.failedLoginCount });
      return row?.count ?? 0;
    },
    /** Moves the account to a new address: the directory entry and the user row together. */
    async changeEmail(
      id: string,
      oldEmail: string,
      newEmail: string,
      now: Date,
      tx: Executor,
    ): Promise<void> {
      const email = normalizeEmail(newEmail);
      await tx.insert(accountEmails).values({ email, userId: id });
      await tx
        .delete(accountEmails)
        .where(and(eq(accountEmails.email, normalizeEmail(oldEmail)), eq(accountEmails.userId, id)));
      await tx.update(users).set({ email, emailVerifiedAt: now, updatedAt: now }).where(eq(users.id, id));
    },
    async update(id: string, patch: Partial<NewUser>, tx: Executor = db): Promise<void> {
      await tx
        .update(users)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(users.id, id));
    },
  };
}
export type UsersRepo = ReturnType<typeof createUsersRepo>;
