import type { RequestMeta } from '../../lib/request-meta';
import type { Db } from '../../db/client';
import { deleteUserData } from '../../db/delete-user-data';
import type { AppContext } from '../../lib/context';
import { Gone, NotFound } from '../../lib/errors';
import { safeErrorForLog } from '../../lib/safe-log';
import { hashToken, randomToken, splitUserToken } from '../../lib/tokens';
import { recordSecurityEvent } from '../accounts';
import { createSessionsRepo } from '../accounts';
import { createUsersRepo, type UserRow } from '../accounts';
import { forgetUserInClinics } from '../clinics';
import { forgetUserInDevices } from '../devices';
import { createSecondFactorCheck, type SecondFactorProof } from '../second-factor';
import { forgetUserInPartnerApps } from '../oauth';
import { endAllConnections } from '../oauth';
import { notifyPartnersOfErasure } from '../webhooks';
import { forgetUserInJobQueue } from '../../jobs/forget-user';
import { forgetUserInOutbox } from '../mail';
import { forgetUserInSupport } from '../support';
import { erasureMailsIn } from './erasure-mail';
import { appendErasureJournal, erasureJournalKey, readErasureJournal } from './erasure-journal';
import { forgetUserFiles, forgetUserRows } from './forget-hooks';
import { createErasureRepo, type ErasureRequestRow } from './erasure.repo';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The cancel window: the purge waits this long after the request. */
const ERASURE_CANCEL_WINDOW_MS = 7 * DAY_MS;
/** The promise (P19): a request is purged within this, whatever happened (jobs down for a while). */
const ERASURE_GUARANTEE_MS = 30 * DAY_MS;

function cancelErasureUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/cancel-erasure?token=${encodeURIComponent(token)}`;
}

/**
 * The purge never logs whom it erases: an error can name the user all the same (a file path under
 * exports/<user id>, a key in a database message), and a log outlives the erasure.
 */
function withoutUser(logged: Record<string, unknown>, userId: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(logged).replaceAll(userId, '[erased user]'));
}

/** Every account the erasure journal names, purged again (at start and after a restore). */
export const reapplyErasureJournal = (ctx: AppContext) => createErasureService(ctx).reapplyJournal();

export function createErasureService(ctx: AppContext) {
  const db = ctx.database.db;
  const users = createUsersRepo(db);
  const secondFactor = createSecondFactorCheck(ctx);
  const repo = createErasureRepo(db);

  /** The receipt first (while the address exists), then everything, then the tombstone. */
  async function purgeOne(request: ErasureRequestRow): Promise<void> {
    const user = await users.findById(request.userId);
    const purgedAt = ctx.now();
    if (user) {
      await ctx.mailer.send({
        userId: user.id,
        to: user.email,
        kind: 'erasure-receipt',
        ...erasureMailsIn(user.locale).receipt({
          requestedAt: request.requestedAt,
          purgedAt,
          timeZone: user.timeZone,
        }),
      });
    }
    // In the journal before anything is deleted (erasure-journal.ts): a backup restored later, or a
    // purge that fails half-way, is purged again at the next start.
    await appendErasureJournal(ctx.config.erasureJournalFile, {
      userId: request.userId,
      requestedAt: request.requestedAt,
      purgedAt,
    });
    await purgeEverything(request.userId, user, request.requestedAt, purgedAt);
  }

  /** Every trace of the user, in the database and its files, and the tombstone. */
  async function purgeEverything(
    userId: string,
    user: UserRow | undefined,
    requestedAt: Date,
    purgedAt: Date,
  ) {
    // Files outside the database first (the export feature's archives, forget-hooks.ts): should it
    // fail, the request stays due and the next run tries again.
    await forgetUserFiles(ctx.config, userId);
    await db.transaction(async (tx) => {
      await forgetUserInDevices(tx, userId);
      await forgetUserInPartnerApps(tx, userId, purgedAt);
      // Beyond the rows keyed by user_id: other people's mail naming the user, and queued jobs.
      if (user) await forgetUserInOutbox(tx, user);
      await forgetUserInClinics(tx, userId, user?.email);
      await forgetUserInSupport(tx, userId); // a staff member's id on users' requests
      await forgetUserRows(tx, userId); // features above erasure: lifecycle, legal (staff ids)
      await forgetUserInJobQueue(tx, userId);
      // A nested transaction (a savepoint): the purge and the tombstone commit together or not at all.
      await deleteUserData(tx as unknown as Db, userId);
      await repo.insertTombstone(requestedAt, purgedAt, tx);
    });
  }

  /** P19's closure, in one transaction; the cancel link only when the user may cancel. */
  async function closeAccount(userId: string, cancellable: boolean) {
    const user = await users.findById(userId);
    if (!user || user.state === 'erasure_pending') throw new NotFound('Account');
    const now = ctx.now();
    const purgeAfter = new Date(now.getTime() + ERASURE_CANCEL_WINDOW_MS);
    const secret = randomToken();
    await db.transaction(async (tx) => {
      // First, while the connections still stand: each connected partner is told (webhooks feature).
      await notifyPartnersOfErasure(tx, userId, now);
      // Then every partner app loses access: connections end, their grants and tokens are deleted.
      await endAllConnections(tx, userId, now);
      await users.update(userId, { state: 'erasure_pending', updatedAt: now }, tx);
      await createSessionsRepo(tx).deleteAllExcept(userId, undefined, tx);
      await repo.deletePersonalAccessTokens(userId, tx);
      await repo.unpairDevices(userId, now, tx);
      await forgetUserInDevices(tx, userId);
      await repo.endOwnHouseholdLinks(userId, tx);
      await repo.insert(
        {
          userId,
          requestedAt: now,
          purgeAfter,
          // Without a cancel link, the hash of a secret nobody keeps: no link can match it.
          cancelTokenHash: hashToken(cancellable ? secret : randomToken()),
          // A suspended account closes for good: a cancel gives back an active account.
          previousState: user.state === 'suspended' ? 'active' : user.state,
        },
        tx,
      );
    });
    const cancelUrl = cancellable ? cancelErasureUrl(ctx.config.publicUrl, `${userId}.${secret}`) : undefined;
    return { user, purgeAfter, cancelUrl };
  }

  return {
    /**
     * P19, at once and in one transaction: the account is hidden and cannot sign in, every session and
     * token ends, devices are unpaired (credentials revoked), household links end, and the request is
     * kept for the purge. Then the confirmation with the cancel link is mailed.
     */
    async request(
      meta: RequestMeta,
      userId: string,
      input: { currentPassword?: string; secondFactor?: SecondFactorProof },
    ): Promise<{ purgeAfter: Date }> {
      // The password and any factor the account has (a code, a recovery code, a passkey), or a passkey
      // alone that verified its user: a passkey-only person can leave without typing a password.
      await secondFactor.stepUp(userId, {
        currentPassword: input.currentPassword,
        proof: input.secondFactor,
      });
      const { user, purgeAfter, cancelUrl } = await closeAccount(userId, true);
      await recordSecurityEvent(ctx, meta, {
        userId,
        action: 'erasure_requested',
        details: { purgeAfter: purgeAfter.toISOString() },
        alert: {
          to: user.email,
          locale: user.locale,
          ...erasureMailsIn(user.locale).requested({
            displayName: user.displayName,
            cancelUrl: cancelUrl as string,
            purgeAfter,
            timeZone: user.timeZone,
          }),
        },
      });
      return { purgeAfter };
    },

    /**
     * The same closure decided by the service, not the user (issue #16: inactivity, an unrectified
     * suspension, a court order): the account closes at once and is purged after the same 7 days, with
     * the same receipt. `cancellable`: the user gets a cancel link (inactivity: they may still want the
     * account); a closure by a privacy officer offers none. The caller words the mail and the record.
     */
    async closeBySystem(
      userId: string,
      opts: { cancellable: boolean },
    ): Promise<{ purgeAfter: Date; cancelUrl?: string }> {
      // Already closing: a scheduled run cut off after the closure (a failover) is run again, and must
      // finish its own steps rather than fail on this account forever. The first closure stands.
      const open = await repo.findOpen(userId);
      if (open && (await users.findById(userId))?.state === 'erasure_pending')
        return { purgeAfter: open.purgeAfter };
      const { purgeAfter, cancelUrl } = await closeAccount(userId, opts.cancellable);
      return { purgeAfter, cancelUrl };
    },

    /** The mailed link, within 7 days: the account comes back as it was; the user signs in again. */
    async cancel(meta: RequestMeta, token: string): Promise<void> {
      const parts = splitUserToken(token);
      if (!parts) throw new NotFound('Link');
      const now = ctx.now();
      const row = await repo.findOpenByToken(parts.userId, hashToken(parts.secret));
      if (!row) throw new NotFound('Link');
      if (row.purgeAfter <= now) {
        throw new Gone('This link has expired: the account is being deleted.');
      }
      await db.transaction(async (tx) => {
        if (!(await repo.cancel(row.userId, row.id, now, tx))) throw new NotFound('Link');
        const previous = row.previousState as UserRow['state'];
        await users.update(
          row.userId,
          { state: previous === 'erasure_pending' ? 'active' : previous, updatedAt: now },
          tx,
        );
      });
      await recordSecurityEvent(ctx, meta, { userId: row.userId, action: 'erasure_cancelled' });
    },

    /**
     * The purge (run by the hourly job and at every start, so it catches up after downtime): for each
     * due request, the receipt is mailed first (while the address still exists), then the devices'
     * cross-user links and every row of the user go in one transaction, leaving only a tombstone.
     */
    async purgeDue(): Promise<number> {
      const now = ctx.now();
      const due = await repo.due(now, new Date(now.getTime() - ERASURE_GUARANTEE_MS));
      let purged = 0;
      let failed = 0;
      for (const request of due) {
        try {
          await purgeOne(request);
          purged += 1;
        } catch (err) {
          // One failure (e.g. the mail server refusing the receipt) must not hold back the others.
          failed += 1;
          ctx.log.error({ err: withoutUser(safeErrorForLog(err), request.userId) }, 'erasure purge failed');
        }
      }
      if (failed) throw new Error(`${failed} erasure request(s) could not be purged; retrying`);
      if (purged) ctx.log.info({ purged }, 'erasure requests purged');
      return purged;
    },

    /**
     * Before the server answers (at every start, and after `vitalbase restore`): every account still in
     * the database that the erasure journal names is purged again, as it was the first time (files,
     * links, rows, a tombstone), without a second receipt. After a restore from a backup older than
     * some erasures, this is what keeps them erased. Walks the account ids in pages (a hash each).
     */
    async reapplyJournal(): Promise<{ purged: number; unreadable: number }> {
      const { entries, unreadable } = await readErasureJournal(ctx.config.erasureJournalFile);
      if (unreadable)
        ctx.log.warn({ unreadable }, 'erasure journal: lines that could not be read were skipped');
      let purged = 0;
      if (entries.size === 0) return { purged, unreadable };
      for await (const userId of users.allIds()) {
        const entry = entries.get(erasureJournalKey(userId));
        if (!entry) continue;
        await purgeEverything(userId, await users.findById(userId), entry.requestedAt, entry.purgedAt);
        purged += 1;
      }
      if (purged)
        ctx.log.warn({ purged }, 'erasure journal: erased accounts found in the database were purged again');
      return { purged, unreadable };
    },
  };
}
