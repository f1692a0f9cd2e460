import type { SupportOpenBody, SupportRequest, supportGrantBody } from '@vitalbase/core';
import type { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { Conflict, Invalid, NotFound } from '../../lib/errors';
import { createDevicesRepo } from '../devices';
import { grantStatus, presentRequest, presentSummary } from './support-present';
import { createSupportRepo, type SupportRequestRow } from './support.repo';

const DAY_MS = 86_400_000;

/**
 * The user's side of support (issue #16, P11): their own requests, scoped by their user id (another
 * user's request is 404), and their answers to support's asks. A grant never outlives the request:
 * grantStatus decides at each read, so closing here ends every grant with no further write.
 */
export function createSupportService(ctx: Pick<AppContext, 'database' | 'now' | 'audit'>) {
  const db = ctx.database.db;
  const repo = createSupportRepo(db);
  const devices = createDevicesRepo(db);

  async function own(userId: string, id: string): Promise<SupportRequestRow> {
    const row = await repo.findRequest(userId, id);
    if (!row) throw new NotFound('Support request');
    return row;
  }
  function assertOpen(row: SupportRequestRow) {
    if (row.state !== 'open') throw new Conflict('This support request is closed.', 'support_request_closed');
  }
  async function assertOwnDevices(userId: string, ids: readonly string[]) {
    const mine = new Set((await devices.list(userId)).map((d) => d.id));
    if (ids.some((id) => !mine.has(id)))
      throw new Invalid('Pick one of your own devices.', { field: 'deviceId' });
  }

  /** An ask of the request the user has not answered yet (a grant, a refusal, or a closed request did). */
  async function unanswered(userId: string, row: SupportRequestRow, grantId: string) {
    const asked = (await repo.grants(userId, row.id)).find((g) => g.id === grantId);
    if (!asked) throw new NotFound('Support ask');
    if (grantStatus(asked, row, ctx.now()) !== 'asked') {
      throw new Conflict('This ask has already been answered.', 'support_ask_answered');
    }
    return asked;
  }

  async function detail(userId: string, row: SupportRequestRow): Promise<SupportRequest> {
    const [messages, grants] = await Promise.all([
      repo.messages(userId, row.id),
      repo.grants(userId, row.id),
    ]);
    return presentRequest(row, messages, grants, ctx.now());
  }

  return {
    detail,
    async list(userId: string) {
      return { requests: (await repo.listRequests(userId)).map(presentSummary) };
    },
    async get(userId: string, id: string) {
      return detail(userId, await own(userId, id));
    },
    async open(userId: string, body: SupportOpenBody): Promise<SupportRequest> {
      if (body.deviceId) await assertOwnDevices(userId, [body.deviceId]);
      const now = ctx.now();
      const row = await db.transaction(async (tx) => {
        const request = await repo.insertRequest(
          { userId, topic: body.topic, deviceId: body.deviceId ?? null, createdAt: now, updatedAt: now },
          tx,
        );
        await repo.insertMessage(
          { userId, requestId: request.id, author: 'user', body: body.message, createdAt: now },
          tx,
        );
        return request;
      });
      return detail(userId, row);
    },
    async reply(userId: string, id: string, message: string): Promise<SupportRequest> {
      const row = await own(userId, id);
      assertOpen(row);
      const now = ctx.now();
      await repo.insertMessage({ userId, requestId: id, author: 'user', body: message, createdAt: now });
      return detail(userId, (await repo.updateRequest(userId, id, { updatedAt: now })) ?? row);
    },
    async close(userId: string, id: string): Promise<SupportRequest> {
      const row = await own(userId, id);
      if (row.state === 'closed') return detail(userId, row);
      const now = ctx.now();
      const closed = await repo.updateRequest(userId, id, {
        state: 'closed',
        closedAt: now,
        closedBy: 'user',
        updatedAt: now,
      });
      return detail(userId, closed ?? row);
    },

    /** The user opens some or all of what support asked, for 1–7 days and only while the request is open. */
    async grant(userId: string, id: string, grantId: string, body: z.output<typeof supportGrantBody>) {
      const row = await own(userId, id);
      assertOpen(row);
      const asked = await unanswered(userId, row, grantId);
      const beyond = body.categories.filter((c) => !asked.askedCategories.includes(c));
      if (beyond.length) throw new Invalid('Grant only what support asked for.', { field: 'categories' });
      const wantsDiagnostics = body.categories.includes('diagnostics');
      if (wantsDiagnostics !== body.deviceIds.length > 0) {
        throw new Invalid('Pick the devices whose diagnostics support may see, and only with diagnostics.', {
          field: 'deviceIds',
        });
      }
      await assertOwnDevices(userId, body.deviceIds);
      const now = ctx.now();
      await repo.updateGrant(userId, id, grantId, {
        categories: body.categories,
        deviceIds: [...new Set(body.deviceIds)],
        grantedAt: now,
        expiresAt: new Date(now.getTime() + body.days * DAY_MS),
      });
      await ctx.audit.record({
        userId,
        actorType: 'user',
        actorId: userId,
        action: 'support_access_granted',
      });
      return detail(userId, row);
    },
    async decline(userId: string, id: string, grantId: string) {
      const row = await own(userId, id);
      await unanswered(userId, row, grantId);
      await repo.updateGrant(userId, id, grantId, { declinedAt: ctx.now() });
      return detail(userId, row);
    },
    /** Withdrawing takes effect on support's next read (decided there). Withdrawing twice is a no-op. */
    async revoke(userId: string, id: string, grantId: string) {
      const row = await own(userId, id);
      const grant = (await repo.grants(userId, id)).find((g) => g.id === grantId);
      if (!grant?.grantedAt) throw new NotFound('Support grant');
      if (!grant.revokedAt) {
        await repo.updateGrant(userId, id, grantId, { revokedAt: ctx.now() });
        await ctx.audit.record({
          userId,
          actorType: 'user',
          actorId: userId,
          action: 'support_access_revoked',
        });
      }
      return detail(userId, row);
    },
  };
}
