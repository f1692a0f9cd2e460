import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { notifySubscriptions } from './notify-subscriptions.schema';

export type NotifySubscriptionRow = typeof notifySubscriptions.$inferSelect;

/** A (user, app)'s Withings-style subscriptions: every query is keyed by the user first. */
export function createNotifyRepo(db: Executor) {
  const owned = (userId: string, clientId: string) =>
    and(eq(notifySubscriptions.userId, userId), eq(notifySubscriptions.clientId, clientId));
  return {
    async list(userId: string, clientId: string, appli?: number, tx: Executor = db) {
      return tx
        .select()
        .from(notifySubscriptions)
        .where(
          and(
            owned(userId, clientId),
            appli === undefined ? undefined : eq(notifySubscriptions.appli, appli),
          ),
        )
        .orderBy(asc(notifySubscriptions.createdAt), asc(notifySubscriptions.id));
    },
    async find(userId: string, clientId: string, callbackUrl: string, appli: number, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(notifySubscriptions)
        .where(
          and(
            owned(userId, clientId),
            eq(notifySubscriptions.callbackUrl, callbackUrl),
            eq(notifySubscriptions.appli, appli),
          ),
        );
      return row;
    },
    /** Subscribing twice to the same (callback, appli) keeps one subscription, with the new comment. */
    async upsert(
      row: {
        userId: string;
        clientId: string;
        appli: number;
        callbackUrl: string;
        comment: string | null;
        at: Date;
      },
      tx: Executor = db,
    ): Promise<NotifySubscriptionRow> {
      const [saved] = await tx
        .insert(notifySubscriptions)
        .values({
          userId: row.userId,
          clientId: row.clientId,
          appli: row.appli,
          callbackUrl: row.callbackUrl,
          comment: row.comment,
          createdAt: row.at,
          updatedAt: row.at,
        })
        .onConflictDoUpdate({
          target: [
            notifySubscriptions.userId,
            notifySubscriptions.clientId,
            notifySubscriptions.appli,
            notifySubscriptions.callbackUrl,
          ],
          set: { comment: row.comment, updatedAt: row.at },
        })
        .returning();
      if (!saved) throw new Error('subscription upsert returned no row');
      return saved;
    },
    async update(
      userId: string,
      id: string,
      set: { appli: number; callbackUrl: string; comment?: string | null; updatedAt: Date },
      tx: Executor = db,
    ) {
      const [row] = await tx
        .update(notifySubscriptions)
        .set(set)
        .where(and(eq(notifySubscriptions.userId, userId), eq(notifySubscriptions.id, id)))
        .returning();
      return row;
    },
    async delete(userId: string, id: string, tx: Executor = db): Promise<boolean> {
      const gone = await tx
        .delete(notifySubscriptions)
        .where(and(eq(notifySubscriptions.userId, userId), eq(notifySubscriptions.id, id)))
        .returning({ id: notifySubscriptions.id });
      return gone.length > 0;
    },
    /** Every subscription of one connection (its end: a new connection starts with none). */
    async deleteForConnection(userId: string, clientId: string, tx: Executor = db): Promise<void> {
      await tx
        .delete(notifySubscriptions)
        .where(and(eq(notifySubscriptions.userId, userId), eq(notifySubscriptions.clientId, clientId)));
    },
    /** The subscriptions of a user's connected apps to some categories (the trigger's fan-out). */
    async forApps(userId: string, clientIds: string[], applis: number[], tx: Executor = db) {
      if (!clientIds.length || !applis.length) return [];
      return tx
        .select()
        .from(notifySubscriptions)
        .where(
          and(
            eq(notifySubscriptions.userId, userId),
            inArray(notifySubscriptions.clientId, clientIds),
            inArray(notifySubscriptions.appli, applis),
          ),
        );
    },
    async findById(userId: string, id: string, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(notifySubscriptions)
        .where(and(eq(notifySubscriptions.userId, userId), eq(notifySubscriptions.id, id)));
      return row;
    },
  };
}
