import { and, desc, eq, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { auditEvents } from './audit.schema';

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;

export function createAuditRepo(db: Executor) {
  return {
    async record(event: NewAuditEvent, tx: Executor = db): Promise<void> {
      await tx.insert(auditEvents).values(event);
    },
    async listForUser(userId: string, opts: { limit: number; before?: Date }): Promise<AuditEvent[]> {
      return db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.userId, userId), opts.before ? lt(auditEvents.at, opts.before) : undefined))
        .orderBy(desc(auditEvents.at))
        .limit(opts.limit);
    },
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
