import { and, asc, desc, eq, getTableColumns, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { keysetAfter, keysetTime } from '../../db/keyset';
import { partnerAppWebhooks, webhookDeliveries, webhookDeliveryAttempts } from './webhooks.schema';

export type AppWebhookRow = typeof partnerAppWebhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type NewDelivery = typeof webhookDeliveries.$inferInsert;
export type AttemptRow = typeof webhookDeliveryAttempts.$inferSelect;

export function createWebhooksRepo(db: Executor) {
  const byKey = (userId: string, id: string) =>
    and(eq(webhookDeliveries.userId, userId), eq(webhookDeliveries.id, id));
  return {
    // ── an app's endpoint (global catalog, by client id) ──
    async findWebhook(clientId: string, tx: Executor = db): Promise<AppWebhookRow | undefined> {
      const [row] = await tx
        .select()
        .from(partnerAppWebhooks)
        .where(eq(partnerAppWebhooks.clientId, clientId));
      return row;
    },
    async webhooksOf(clientIds: string[], tx: Executor = db): Promise<AppWebhookRow[]> {
      if (!clientIds.length) return [];
      return tx.select().from(partnerAppWebhooks).where(inArray(partnerAppWebhooks.clientId, clientIds));
    },
    async saveWebhook(
      row: { clientId: string; url: string; events: string[]; secret: string; at: Date },
      tx: Executor = db,
    ): Promise<AppWebhookRow> {
      const [saved] = await tx
        .insert(partnerAppWebhooks)
        .values({ ...row, createdAt: row.at, updatedAt: row.at })
        .onConflictDoUpdate({
          target: partnerAppWebhooks.clientId,
          set: { url: row.url, events: row.events, secret: row.secret, updatedAt: row.at },
        })
        .returning();
      if (!saved) throw new Error('webhook upsert returned no row');
      return saved;
    },
    async deleteWebhook(clientId: string, tx: Executor = db): Promise<boolean> {
      const gone = await tx
        .delete(partnerAppWebhooks)
        .where(eq(partnerAppWebhooks.clientId, clientId))
        .returning({ clientId: partnerAppWebhooks.clientId });
      return gone.length > 0;
    },

    // ── deliveries (keyed by user) ──
    async insertDeliveries(rows: NewDelivery[], tx: Executor = db): Promise<DeliveryRow[]> {
      if (!rows.length) return [];
      return tx.insert(webhookDeliveries).values(rows).returning();
    },
    async findDelivery(userId: string, id: string, tx: Executor = db): Promise<DeliveryRow | undefined> {
      const [row] = await tx.select().from(webhookDeliveries).where(byKey(userId, id));
      return row;
    },
    /**
     * Takes the next attempt of a pending delivery: only one worker wins it (the attempt count it saw
     * must still be the stored one), so a job sent twice never calls the partner twice.
     */
    async claimAttempt(userId: string, id: string, seenAttempts: number, at: Date, tx: Executor = db) {
      const [row] = await tx
        .update(webhookDeliveries)
        // The queued job is used up by this attempt: from now on only the attempt's end (or, if it is
        // cut off, the dispatcher after ATTEMPT_CUT_OFF_MS) queues the next one.
        .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, updatedAt: at, dispatchedAt: null })
        .where(
          and(
            byKey(userId, id),
            eq(webhookDeliveries.status, 'pending'),
            eq(webhookDeliveries.attempts, seenAttempts),
          ),
        )
        .returning();
      return row;
    },
    async update(
      userId: string,
      id: string,
      set: Partial<Omit<NewDelivery, 'userId' | 'id'>>,
      tx: Executor = db,
    ): Promise<void> {
      await tx.update(webhookDeliveries).set(set).where(byKey(userId, id));
    },
    /**
     * Records that a job was sent for the delivery's next attempt, unless an attempt already claimed
     * it in between (a fast worker): its claim cleared the mark, and it must stay cleared.
     */
    async markDispatched(userId: string, id: string, seenAttempts: number, at: Date, tx: Executor = db) {
      await tx
        .update(webhookDeliveries)
        .set({ dispatchedAt: at })
        .where(and(byKey(userId, id), eq(webhookDeliveries.attempts, seenAttempts)));
    },
    async insertAttempt(row: AttemptRow, tx: Executor = db): Promise<void> {
      await tx.insert(webhookDeliveryAttempts).values(row);
    },
    /**
     * The dispatcher's sweep (operator work across users, identifiers only): pending deliveries due now
     * whose next attempt has no job yet, or whose job was sent long ago and must have been lost.
     */
    /**
     * Pending deliveries due whose attempt has no job: never queued (new, or its end cut off before
     * the next job was sent), an attempt claimed before `cutOffBefore` that never ended (its worker lost
     * its connection in a failover), or a job sent before `lostBefore` that never started.
     */
    async dueForDispatch(
      now: Date,
      { lostBefore, cutOffBefore }: { lostBefore: Date; cutOffBefore: Date },
      limit: number,
      tx: Executor = db,
    ) {
      return tx
        .select({
          userId: webhookDeliveries.userId,
          id: webhookDeliveries.id,
          attempts: webhookDeliveries.attempts,
        })
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.status, 'pending'),
            lte(webhookDeliveries.nextAttemptAt, now),
            or(
              and(
                isNull(webhookDeliveries.dispatchedAt),
                or(eq(webhookDeliveries.attempts, 0), lt(webhookDeliveries.updatedAt, cutOffBefore)),
              ),
              lt(webhookDeliveries.dispatchedAt, lostBefore),
            ),
          ),
        )
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(limit);
    },
    /**
     * An app's delivery log for its owner, newest first (keyset on created_at, id). It spans the app's
     * users by client id: the owner reads their app's own outbound traffic (identifiers, categories,
     * times, statuses), never a user's health data.
     */
    async pageForApp(
      clientId: string,
      after: { createdAt: string; id: string } | undefined,
      limit: number,
      tx: Executor = db,
    ): Promise<Array<DeliveryRow & { cursorAt: string }>> {
      return tx
        .select({ ...getTableColumns(webhookDeliveries), cursorAt: keysetTime(webhookDeliveries.createdAt) })
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.clientId, clientId),
            keysetAfter(
              [
                { column: webhookDeliveries.createdAt, type: 'timestamptz' },
                { column: webhookDeliveries.id, type: 'uuid' },
              ],
              after && [after.createdAt, after.id],
              'desc',
            ),
          ),
        )
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
        .limit(limit);
    },
    async attemptsOf(
      deliveries: Array<{ userId: string; id: string }>,
      tx: Executor = db,
    ): Promise<AttemptRow[]> {
      if (!deliveries.length) return [];
      return tx
        .select()
        .from(webhookDeliveryAttempts)
        .where(
          or(
            ...deliveries.map((d) =>
              and(eq(webhookDeliveryAttempts.userId, d.userId), eq(webhookDeliveryAttempts.deliveryId, d.id)),
            ),
          ),
        )
        .orderBy(asc(webhookDeliveryAttempts.attempt));
    },
  };
}
