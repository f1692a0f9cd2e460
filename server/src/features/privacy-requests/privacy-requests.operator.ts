import { type PrivacyRequestAnswer, isOverdue, privacyRequestAnswerInput } from '@vitalbase/core';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { Conflict, Invalid, NotFound } from '../../lib/errors';
import { createUsersRepo } from '../accounts';
import { type AccessRequest, accessUserData } from '../access-log';
import { createAuditRepo } from '../audit';
import type { Mailer } from '../mail';
import { privacyRequestMailsIn } from './privacy-request-mails';
import { createPrivacyRequestsRepo } from './privacy-requests.repo';
import { presentPrivacyRequest, privacyCenterUrl } from './privacy-requests.service';

/**
 * The operator's side of privacy requests (`vitalbase requests …`). The queue lists what is owed and by
 * when, across accounts, without content; reading a request (its message, the user's name and address)
 * goes through accessUserData as the operator, so the user sees it in "who accessed my data".
 */
const OPERATOR = { type: 'operator', id: 'cli', name: 'Vitalbase operator (command line)' } as const;
/** Who reads: the command line, or a staff member in the console (operator feature, issue #16). */
type Reader = AccessRequest['actor'];
const via = (actor: Reader, cli: string) => (actor.id === OPERATOR.id ? cli : 'the operator console');

export async function listPrivacyRequestsAsOperator(
  database: Pick<Database, 'db'>,
  opts: { overdue?: boolean; limit?: number; now?: Date } = {},
) {
  const now = opts.now ?? new Date();
  const rows = await createPrivacyRequestsRepo(database.db).queue({
    overdueBefore: opts.overdue ? now.toISOString().slice(0, 10) : undefined,
    limit: Math.min(Math.max(opts.limit ?? 100, 1), 1000),
  });
  return rows.map((r) => ({ ...r, overdue: isOverdue(r.status, r.dueOn, now) }));
}

async function ownerOf(database: Pick<Database, 'db'>, id: string): Promise<string> {
  if (!z.uuid().safeParse(id).success) throw new Invalid('id: not a request id');
  const userId = await createPrivacyRequestsRepo(database.db).ownerOf(id);
  if (!userId) throw new NotFound('Privacy request');
  return userId;
}

export async function showPrivacyRequestAsOperator(
  database: Pick<Database, 'db'>,
  id: string,
  now = new Date(),
  actor: Reader = OPERATOR,
) {
  const userId = await ownerOf(database, id);
  return accessUserData(
    { database, now: () => now },
    {
      actor,
      userId,
      purpose: `answering a privacy request (${via(actor, 'vitalbase requests show')})`,
      what: ['identity', 'privacy_requests'],
    },
    async (tx) => {
      const request = await createPrivacyRequestsRepo(database.db).find(userId, id, tx);
      const user = await createUsersRepo(database.db).findById(userId, tx);
      if (!request || !user) throw new NotFound('Privacy request');
      return {
        ...presentPrivacyRequest(request, now),
        user: { id: user.id, email: user.email, displayName: user.displayName },
      };
    },
  );
}

/**
 * Moves a request on (in progress) or closes it (done / refused, with the answer the user will read),
 * records it in the user's audit trail and mails the user that it changed.
 */
export async function answerPrivacyRequestAsOperator(
  deps: { database: Pick<Database, 'db'>; mailer: Mailer; publicUrl: string },
  id: string,
  input: PrivacyRequestAnswer,
  now = new Date(),
  actor: Reader = OPERATOR,
) {
  const parsed = privacyRequestAnswerInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Invalid(`${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
  }
  const answer = parsed.data;
  const userId = await ownerOf(deps.database, id);
  const { request, user } = await accessUserData(
    { database: deps.database, now: () => now },
    {
      actor,
      userId,
      purpose: `answering a privacy request (${via(actor, 'vitalbase requests answer')}: ${answer.status})`,
      what: ['identity', 'privacy_requests'],
    },
    async (tx) => {
      const repo = createPrivacyRequestsRepo(deps.database.db);
      const current = await repo.find(userId, id, tx);
      const user = await createUsersRepo(deps.database.db).findById(userId, tx);
      if (!current || !user) throw new NotFound('Privacy request');
      if (current.status === 'done' || current.status === 'refused')
        throw new Conflict(`This request is ${current.status} already.`);
      if (current.status === answer.status) throw new Conflict(`This request is ${current.status} already.`);
      const closing = answer.status !== 'in_progress';
      const request = await repo.update(
        userId,
        id,
        {
          status: answer.status,
          updatedAt: now,
          ...(closing ? { answer: answer.message, answeredAt: now } : {}),
        },
        tx,
      );
      await createAuditRepo(deps.database.db).record(
        {
          userId,
          actorType: 'operator',
          actorId: actor.id,
          action: 'privacy_request_updated',
          details: { requestId: id, status: answer.status },
        },
        tx,
      );
      return { request: request!, user };
    },
  );
  const mail = privacyRequestMailsIn(user.locale).changed({
    displayName: user.displayName,
    kind: request.kind,
    status: request.status,
    url: privacyCenterUrl(deps.publicUrl),
  });
  await deps.mailer.send({ userId, to: user.email, kind: 'privacy-request', ...mail });
  return presentPrivacyRequest(request, now);
}

/** For the CLI: mails with the context's mailer (the configured SMTP server, or the embedded outbox). */
export function answerPrivacyRequestFromCli(
  ctx: Pick<AppContext, 'database' | 'mailer' | 'config' | 'now'>,
  id: string,
  input: PrivacyRequestAnswer,
) {
  return answerPrivacyRequestAsOperator(
    { database: ctx.database, mailer: ctx.mailer, publicUrl: ctx.config.publicUrl },
    id,
    input,
    ctx.now(),
  );
}
