import type { AppContext } from '../../lib/context';
import { Conflict, NotFound } from '../../lib/errors';
import { createUsersRepo, recordSecurityEvent } from '../accounts';
import { createErasureService } from '../erasure';
import { findAccount } from './find-account';
import { lifecycleMailsIn } from './lifecycle-mail';
import { createLifecycleRepo, type SuspensionRow } from './lifecycle.repo';

const DAY_MS = 24 * 60 * 60 * 1000;
/** P22: a suspended account has this long to put things right, then it is closed. */
const RECTIFY_DAYS = 15;

/** Who acts: a staff member (console) or the operator's command line. */
export interface StaffActor {
  id: string;
}

/** Where a suspended user answers: a support request (the support feature's page). */
const answerUrl = (publicUrl: string) => `${publicUrl}/support`;

/**
 * Suspensions (P22, P32): a privacy officer suspends with a reason; the user is mailed it and how to
 * answer; unrectified after 15 days the account is closed through the erasure path; lifting gives
 * everything back (the account's rows were never touched, only its state). A court order closes at
 * once and is kept as a legal case (docs/lifecycle.md).
 */
export function createSuspensionService(ctx: AppContext) {
  const db = ctx.database.db;
  const repo = createLifecycleRepo(db);
  const users = createUsersRepo(db);
  const closure = createErasureService(ctx);

  const audit = (userId: string, actor: StaffActor | 'system', action: string, details: object) =>
    recordSecurityEvent(ctx, undefined, {
      userId,
      actorType: actor === 'system' ? 'system' : 'operator',
      // The role, not the person: the user's audit rows are append-only and outlive a staff member's
      // erasure; who acted is in the suspension row (suspended_by, lifted_by), forgotten with them.
      actorId: actor === 'system' ? 'lifecycle' : 'privacy_officer',
      action,
      details: details as Record<string, unknown>,
    });

  async function close(row: SuspensionRow, actor: StaffActor | 'system', reason: string, extra = {}) {
    const now = ctx.now();
    const user = await users.findById(row.userId);
    if (!user) return;
    const { purgeAfter } = await closure.closeBySystem(row.userId, { cancellable: false });
    await repo.endSuspension(row.userId, row.id, { state: 'closed', closedAt: now, ...extra });
    await ctx.mailer.send({
      userId: user.id,
      to: user.email,
      kind: 'account-closed',
      ...lifecycleMailsIn(user.locale).closedBySuspension(
        user.displayName,
        reason,
        purgeAfter,
        user.timeZone,
      ),
    });
    await audit(row.userId, actor, 'account_closed', { suspensionId: row.id, purgeAfter, ...extra });
  }

  return {
    async suspend(actor: StaffActor, input: { user: string; reason: string }): Promise<SuspensionRow> {
      const user = await findAccount(db, input.user);
      if (user.state !== 'active') {
        throw new Conflict('Only an active account can be suspended.', 'account_not_active');
      }
      const now = ctx.now();
      const row = await db.transaction(async (tx) => {
        await users.update(user.id, { state: 'suspended', updatedAt: now }, tx);
        return repo.insertSuspension(
          {
            userId: user.id,
            reason: input.reason,
            suspendedBy: actor.id,
            suspendedAt: now,
            rectifyBy: new Date(now.getTime() + RECTIFY_DAYS * DAY_MS),
          },
          tx,
        );
      });
      await ctx.mailer.send({
        userId: user.id,
        to: user.email,
        kind: 'account-suspended',
        ...lifecycleMailsIn(user.locale).suspended(
          user.displayName,
          input.reason,
          row.rectifyBy,
          answerUrl(ctx.config.publicUrl),
          user.timeZone,
        ),
      });
      await audit(user.id, actor, 'account_suspended', { suspensionId: row.id });
      return row;
    },

    /** Lifting: the account is active again, with its sessions, tokens, devices and shares as they were. */
    async lift(actor: StaffActor, id: string, reason: string): Promise<SuspensionRow> {
      const row = await repo.findSuspension(id);
      if (!row) throw new NotFound('Suspension');
      if (row.state !== 'active') throw new Conflict('This suspension is over.', 'suspension_over');
      const now = ctx.now();
      await db.transaction(async (tx) => {
        if (
          !(await repo.endSuspension(
            row.userId,
            id,
            { state: 'lifted', liftedAt: now, liftedBy: actor.id, liftReason: reason },
            tx,
          ))
        )
          throw new Conflict('This suspension is over.', 'suspension_over');
        await users.update(row.userId, { state: 'active', updatedAt: now }, tx);
      });
      const user = await users.findById(row.userId);
      if (user) {
        await ctx.mailer.send({
          userId: user.id,
          to: user.email,
          kind: 'account-suspension-lifted',
          ...lifecycleMailsIn(user.locale).lifted(user.displayName),
        });
      }
      await audit(row.userId, actor, 'account_suspension_lifted', { suspensionId: id });
      return (await repo.findSuspension(id)) as SuspensionRow;
    },

    /** The daily job: suspensions past their 15 days close their accounts. */
    async closeUnrectified(): Promise<number> {
      const due = await repo.dueSuspensions(ctx.now());
      for (const row of due) {
        await close(row, 'system', 'it was suspended and the breach was not put right within 15 days.');
      }
      return due.length;
    },

    /**
     * A court order: the account closes at once (no cancel link), recorded as a legal case on a
     * suspension row of its own (and any running suspension ends with it).
     */
    async closeByCourtOrder(
      actor: StaffActor,
      input: { user: string; caseRef: string; authority: string; reason: string },
    ): Promise<SuspensionRow> {
      const user = await findAccount(db, input.user);
      const now = ctx.now();
      const running = await repo.activeSuspensionOf(user.id);
      const row =
        running ??
        (await repo.insertSuspension({
          userId: user.id,
          reason: input.reason,
          suspendedBy: actor.id,
          suspendedAt: now,
          rectifyBy: now,
        }));
      await close(row, actor, `by order of ${input.authority} (case ${input.caseRef}).`, {
        legalCaseRef: input.caseRef,
      });
      return (await repo.findSuspension(row.id)) as SuspensionRow;
    },

    /** What a suspended user is told (GET /api/me/suspension). */
    async mine(userId: string) {
      const row = await repo.activeSuspensionOf(userId);
      if (!row) return { suspended: false as const };
      return {
        suspended: true as const,
        reason: row.reason,
        suspendedAt: row.suspendedAt.toISOString(),
        rectifyBy: row.rectifyBy.toISOString(),
        answerUrl: answerUrl(ctx.config.publicUrl),
      };
    },

    /** One suspension as the console shows it. */
    async view(id: string) {
      const row = await repo.findSuspension(id);
      if (!row) throw new NotFound('Suspension');
      return present(row, (await users.findById(row.userId))?.email ?? null);
    },

    async list() {
      const rows = await repo.listSuspensions();
      return rows.map(({ suspension, email }) => present(suspension, email));
    },
  };
}

function present(s: SuspensionRow, email: string | null) {
  return {
    id: s.id,
    userId: s.userId,
    email,
    reason: s.reason,
    state: s.state,
    suspendedAt: s.suspendedAt.toISOString(),
    rectifyBy: s.rectifyBy.toISOString(),
    liftedAt: s.liftedAt?.toISOString() ?? null,
    liftReason: s.liftReason,
    closedAt: s.closedAt?.toISOString() ?? null,
    legalCaseRef: s.legalCaseRef,
  };
}
