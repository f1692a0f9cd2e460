import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { auditEvents } from './audit.schema';

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;

export function createAuditRepo(db: Executor) {
  return {
    async record(event: NewAuditEvent, tx: Executor = db): Promise<void> {
      await tx.insert(auditEvents).values(event);
    },
    /**
     * Newest first, keyset-paged by (at, id) after the event `afterId` (the last one of the previous
     * page): events of the same instant at a page edge are neither skipped nor repeated. The key is read
     * from the row itself, because `at` has microseconds a JavaScript Date would round away. An id that
     * is not this user's event matches nothing: an empty page, never someone else's events.
     */
    async listForUser(userId: string, opts: { limit: number; afterId?: string }): Promise<AuditEvent[]> {
      const after = opts.afterId
        ? sql`(${auditEvents.at}, ${auditEvents.id}) < (SELECT a.at, a.id FROM audit_events a WHERE a.user_id = ${userId} AND a.id = ${opts.afterId})`
        : undefined;
      return db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.userId, userId), after))
        .orderBy(desc(auditEvents.at), desc(auditEvents.id))
        .limit(opts.limit);
    },
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
