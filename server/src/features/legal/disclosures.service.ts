import { mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { DisclosureInput } from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { accessUserData, accessUsersData } from '../access-log';
import { createUsersRepo, recordSecurityEvent } from '../accounts';
import { buildExport } from '../export';
import { findAccount } from '../lifecycle';
import { legalMailsIn } from './legal-mail';
import { createLegalRepo, type DisclosureRow } from './legal.repo';

/**
 * Legal disclosures (P10, P25; docs/privacy.md "Legal disclosures"). A privacy officer records each
 * request and what was handed over. The user is told (mail, and one row in "Who accessed my data",
 * actor `legal`) at once, or, when the order forbids notice until a date, by the daily job on that
 * date; an order forbidding notice indefinitely stays in the officer's register only. The data
 * itself is exported with the same builder as "Download my data".
 */
export function createDisclosuresService(ctx: AppContext) {
  const db = ctx.database.db;
  const repo = createLegalRepo(db);
  const users = createUsersRepo(db);

  /** The mail and the access-log row, once (claimed on notified_at). */
  async function notify(row: DisclosureRow): Promise<boolean> {
    const user = await users.findById(row.userId);
    if (!user) return false;
    const now = ctx.now();
    const claimed = await accessUserData(
      ctx,
      {
        actor: { type: 'legal', id: row.caseRef, name: row.authority.slice(0, 200) },
        userId: row.userId,
        purpose:
          `Disclosure required by law (case ${row.caseRef}) on ${(row.disclosedAt ?? row.requestedAt).toISOString().slice(0, 10)}`.slice(
            0,
            500,
          ),
        what: row.scope,
        legalBasis: row.legalBasis.slice(0, 500),
      },
      (tx) => repo.markNotified(row.userId, row.id, now, tx),
    );
    if (!claimed) return false;
    await ctx.mailer.send({
      userId: user.id,
      to: user.email,
      kind: 'legal-disclosure',
      ...legalMailsIn(user.locale).disclosed(
        user.displayName,
        { ...row, disclosedAt: row.disclosedAt ?? row.requestedAt },
        `${ctx.config.publicUrl}/privacy`,
        user.timeZone,
      ),
    });
    return true;
  }

  return {
    async record(
      actorId: string,
      input: DisclosureInput & { noticeForbidden: DisclosureRow['noticeForbidden'] },
    ) {
      const user = await findAccount(db, input.user);
      const row = await repo.insertDisclosure({
        userId: user.id,
        caseRef: input.caseRef,
        authority: input.authority,
        legalBasis: input.legalBasis,
        scope: input.scope,
        requestedAt: new Date(input.requestedAt),
        disclosedAt: input.disclosedAt ? new Date(input.disclosedAt) : null,
        disclosed: input.disclosed ?? '',
        noticeForbidden: input.noticeForbidden,
        noticeAllowedFrom: input.noticeAllowedFrom ? new Date(input.noticeAllowedFrom) : null,
        recordedBy: actorId,
        createdAt: ctx.now(),
      });
      // The officer's act, on their own audit chain (the user's would reveal a gagged disclosure).
      await recordSecurityEvent(ctx, undefined, {
        userId: actorId,
        actorType: 'operator',
        actorId,
        action: 'legal_disclosure_recorded',
        details: { disclosureId: row.id, caseRef: row.caseRef },
      });
      const allowedNow =
        row.noticeForbidden === 'no' ||
        (row.noticeForbidden === 'until_date' &&
          row.noticeAllowedFrom !== null &&
          row.noticeAllowedFrom <= ctx.now());
      if (allowedNow) await notify(row);
      return (await repo.findDisclosure(row.id)) as DisclosureRow;
    },

    /** The daily job: disclosures whose notice became allowed are told now. */
    async notifyDue(): Promise<number> {
      let told = 0;
      for (const row of await repo.noticeDue(ctx.now())) if (await notify(row)) told += 1;
      return told;
    },

    list: () => repo.listDisclosures(),

    async find(id: string): Promise<DisclosureRow> {
      const row = await repo.findDisclosure(id);
      if (!row) throw new NotFound('Disclosure');
      return row;
    },

    /**
     * The archive handed to the authority: "Download my data"'s builder, written to a temporary file
     * (the caller streams it, then `cleanup`). The read is the disclosure's: its row in the user's
     * access log is written with the notice (now, or on the date the order allows), never before.
     */
    async exportFor(id: string): Promise<{ file: string; cleanup: () => Promise<void>; row: DisclosureRow }> {
      const row = await this.find(id);
      const dir = await mkdtemp(path.join(tmpdir(), 'vitalbase-disclosure-'));
      const file = path.join(dir, 'export.zip');
      const cleanup = () => rm(dir, { recursive: true, force: true });
      try {
        await accessUsersData(ctx, [], async (tx) => {
          const out = createWriteStream(file);
          await buildExport(ctx, row.userId, out, undefined, { db: tx });
          await finished(out);
        });
      } catch (err) {
        await cleanup();
        throw err;
      }
      return { file, cleanup, row };
    },
  };
}

export const presentDisclosure = (d: DisclosureRow) => ({
  id: d.id,
  userId: d.userId,
  caseRef: d.caseRef,
  authority: d.authority,
  legalBasis: d.legalBasis,
  scope: d.scope,
  requestedAt: d.requestedAt.toISOString(),
  disclosedAt: d.disclosedAt?.toISOString() ?? null,
  disclosed: d.disclosed,
  noticeForbidden: d.noticeForbidden,
  noticeAllowedFrom: d.noticeAllowedFrom?.toISOString() ?? null,
  notifiedAt: d.notifiedAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});
