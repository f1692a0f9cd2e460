import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { accountEmails, users } from './accounts.schema';

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createUsersRepo(db: Executor) {
  return {
    async findById(id: string, tx: Executor = db): Promise<UserRow | undefined> {
      const [row] = await tx.select().from(users).where(eq(users.id, id));
      return row;
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
    async update(id: string, patch: Partial<NewUser>, tx: Executor = db): Promise<void> {
      await tx
        .update(users)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(users.id, id));
    },
  };
}
export type UsersRepo = ReturnType<typeof createUsersRepo>;
