import { isOverdue, type NewPrivacyRequest, privacyRequestDueDate } from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { createUsersRepo } from '../accounts';
import { privacyRequestMailsIn } from './privacy-request-mails';
import { createPrivacyRequestsRepo, type PrivacyRequestRow } from './privacy-requests.repo';

/** A request as its owner sees it (and as the operator reads it through the access point). */
export function presentPrivacyRequest(row: PrivacyRequestRow, now: Date) {
  return {
    id: row.id,
    kind: row.kind,
    message: row.message,
    status: row.status,
    dueOn: row.dueOn,
    overdue: isOverdue(row.status, row.dueOn, now),
    answer: row.answer,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type PrivacyRequestView = ReturnType<typeof presentPrivacyRequest>;

export const privacyCenterUrl = (publicUrl: string) => `${publicUrl}/privacy#requests`;

/** Privacy requests (P8, P20): the user files and follows them; the operator answers (CLI). */
export function createPrivacyRequestsService(
  ctx: Pick<AppContext, 'database' | 'now' | 'mailer'> & { config: { publicUrl: string } },
) {
  const repo = createPrivacyRequestsRepo(ctx.database.db);
  const users = createUsersRepo(ctx.database.db);

  async function file(userId: string, body: NewPrivacyRequest): Promise<PrivacyRequestView> {
    const now = ctx.now();
    const row = await repo.insert({
      userId,
      kind: body.kind,
      message: body.message,
      status: 'open',
      dueOn: privacyRequestDueDate(now),
      createdAt: now,
      updatedAt: now,
    });
    const user = await users.findById(userId);
    if (user) {
      const mail = privacyRequestMailsIn(user.locale).received({
        displayName: user.displayName,
        kind: row.kind,
        dueOn: row.dueOn,
        url: privacyCenterUrl(ctx.config.publicUrl),
      });
      await ctx.mailer.send({ userId, to: user.email, kind: 'privacy-request', ...mail });
    }
    return presentPrivacyRequest(row, now);
  }

  async function list(userId: string): Promise<PrivacyRequestView[]> {
    const now = ctx.now();
    return (await repo.list(userId)).map((r) => presentPrivacyRequest(r, now));
  }

  /** Another user's request answers exactly like a missing one: 404. */
  async function get(userId: string, id: string): Promise<PrivacyRequestView> {
    const row = await repo.find(userId, id);
    if (!row) throw new NotFound('Privacy request');
    return presentPrivacyRequest(row, ctx.now());
  }

  return { file, list, get };
}
