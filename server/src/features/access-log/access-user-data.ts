import { z } from 'zod';
import type { Database, Executor } from '../../db/client';
import { Invalid } from '../../lib/errors';
import { accessBatchChecks, accessChecks } from './access-checks';
import { type AccessRecordCompanion, createAccessLogRepo } from './access-log.repo';
import { accessActorTypes } from './access-log.schema';

export type AccessActorType = (typeof accessActorTypes)[number];

const accessRequestSchema = z.strictObject({
  actor: z.strictObject({
    type: z.enum(accessActorTypes),
    id: z.string().trim().min(1).max(200),
    name: z.string().trim().min(1).max(200),
  }),
  userId: z.uuid(),
  purpose: z.string().trim().min(3).max(500),
  what: z.array(z.string().trim().min(1).max(100)).min(1).max(50),
  legalBasis: z.string().trim().min(1).max(500).optional(),
  /** Partner reads: the scopes that open this read (any one suffices), checked against the connection. */
  requiredScopes: z.array(z.string().min(1).max(100)).min(1).max(20).optional(),
});
export type AccessRequest = z.infer<typeof accessRequestSchema>;

/** What the access point needs: the database and the clock (an AppContext fits, so does the CLI's). */
export interface AccessContext {
  database: Pick<Database, 'db'>;
  now: () => Date;
}

/**
 * THE access point: every read of a user's data by anyone but that user goes through here (P26).
 * It checks the actor's right (one check per actor type, see access-checks.ts), runs `read` in a
 * transaction and records who read what, when and why in the same transaction — so a read that
 * returns data is always recorded, and a read that fails records nothing (the transaction rolls back:
 * nothing was disclosed, and the row would claim an access that did not happen). Refused attempts are
 * the checks' business to report (as security events), not the user's access log.
 * `recordedWith`: the reader's own bookkeeping of the access (a partner connection's last read),
 * written by the log row's statement (access-log.repo.ts `insertOne`): one write per access.
 */
export async function accessUserData<T>(
  ctx: AccessContext,
  request: AccessRequest,
  read: (tx: Executor) => Promise<T>,
  recordedWith?: AccessRecordCompanion,
): Promise<T> {
  return accessInTransaction(ctx, [request], read, recordedWith);
}

/**
 * The same access point for one read of several users' data at once (a clinic's patient list shows
 * each patient's latest values): every request is validated and checked, the read runs once, and one
 * row per user is recorded, all in one transaction. Same rules: a failed read records nothing.
 */
export async function accessUsersData<T>(
  ctx: AccessContext,
  requests: readonly AccessRequest[],
  read: (tx: Executor) => Promise<T>,
): Promise<T> {
  return accessInTransaction(ctx, requests, read);
}

async function accessInTransaction<T>(
  ctx: AccessContext,
  requests: readonly AccessRequest[],
  read: (tx: Executor) => Promise<T>,
  recordedWith?: AccessRecordCompanion,
): Promise<T> {
  const parsed = requests.map((request) => {
    const one = accessRequestSchema.safeParse(request);
    if (!one.success) {
      const issue = one.error.issues[0];
      throw new Invalid(
        `access request: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim(),
      );
    }
    return one.data;
  });
  return ctx.database.db.transaction(async (tx) => {
    const byType = new Map<AccessActorType, typeof parsed>();
    for (const req of parsed) byType.set(req.actor.type, [...(byType.get(req.actor.type) ?? []), req]);
    for (const [type, reqs] of byType) {
      const batch = accessBatchChecks[type];
      if (batch) await batch(reqs, tx);
      else for (const req of reqs) await accessChecks[type](req, tx);
    }
    const result = await read(tx);
    const at = ctx.now();
    const rows = parsed.map((req) => ({
      userId: req.userId,
      at,
      actorType: req.actor.type,
      actorId: req.actor.id,
      actorName: req.actor.name,
      purpose: req.purpose,
      what: req.what,
      legalBasis: req.legalBasis ?? null,
    }));
    const log = createAccessLogRepo(tx);
    if (rows.length === 1) await log.insertOne(rows[0]!, recordedWith);
    else if (rows.length) await log.insert(rows);
    return result;
  });
}
