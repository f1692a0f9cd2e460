import { metricsOfCategories, type SupportAskBody, type SupportCase } from '@vitalbase/core';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { Conflict, Forbidden, NotFound } from '../../lib/errors';
import { type AccessRequest, accessUserData, staffActorLabel } from '../access-log';
import { createUsersRepo } from '../accounts';
import { createDevicesRepo } from '../devices';
import { readingPagesIn } from '../health-data';
import { type SupportMails, supportMailsIn } from './support-mail';
import { openedBy, presentRequest, presentSummary } from './support-present';
import { createSupportRepo, type SupportRequestRow } from './support.repo';

/** The staff member acting, as the operator gate found them (operator feature). */
export interface SupportAgent {
  userId: string;
  displayName: string;
}

const SUPPORT_LEGAL_BASIS = 'performance of the contract (the support the user asked for)';
const SUPPORT_CONSENT_BASIS = 'explicit consent (GDPR Art. 9(2)(a)), given for this support request';

/**
 * Support's side (issue #16, P11). Every read of the user's data goes through the access point with
 * actor `support`, the purpose naming the request, so it shows in the user's "who accessed my data".
 * The right is decided inside the read's transaction, at the read: the request is open, and for
 * health data or diagnostics an active grant covers it. A refused read records nothing.
 */
export function createSupportConsoleService(ctx: AppContext) {
  const db = ctx.database.db;
  const repo = createSupportRepo(db);
  const link = (id: string) => `${ctx.config.publicUrl}/support/${id}`;

  // By account id and role only: the access log names the agent when read, while the account exists.
  const actor = (agent: SupportAgent): AccessRequest['actor'] => ({
    type: 'support',
    id: agent.userId,
    name: staffActorLabel('support'),
  });
  const purpose = (requestId: string, what: string) => `support request ${requestId}: ${what}`;

  /** The request, open, in the read's transaction: a closed one opens nothing any more (409). */
  async function openRequest(tx: Executor, userId: string, id: string): Promise<SupportRequestRow> {
    const row = await createSupportRepo(tx).findRequest(userId, id, tx);
    if (!row) throw new NotFound('Support request');
    if (row.state !== 'open') throw closed();
    return row;
  }

  async function mustBeOpen(userId: string, id: string) {
    const row = await repo.findRequest(userId, id);
    if (!row) throw new NotFound('Support request');
    if (row.state !== 'open') throw closed();
    return row;
  }

  /**
   * A staff action, in the staff member's own audit trail (the request named by its opaque id): the
   * user's trail is append-only and hash-chained, so it cannot hold a staff id that an erasure of that
   * staff account would have to rewrite. The user sees support's reads in the access log instead.
   */
  function staffAction(agent: SupportAgent, action: string, details: Record<string, unknown>) {
    return ctx.audit.record({
      userId: agent.userId,
      actorType: 'operator',
      actorId: agent.userId,
      action,
      details,
    });
  }

  /** A mail to the user, written in their account's language. */
  async function mailUser(
    userId: string,
    kind: string,
    write: (mails: SupportMails) => { subject: string; text: string },
  ) {
    const user = await createUsersRepo(db).findById(userId);
    if (user) await ctx.mailer.send({ userId, to: user.email, kind, ...write(supportMailsIn(user.locale)) });
  }

  return {
    /** Open requests, oldest first: ids, topics and times only, no personal data (nothing to log). */
    async queue() {
      const rows = await repo.openQueue(200);
      return {
        requests: rows.map(({ request, lastAuthor }) => ({
          ...presentSummary(request),
          userId: request.userId,
          lastAuthor,
        })),
      };
    },

    /** The request with its thread, grants and the account metadata it needs: no health data. */
    async view(agent: SupportAgent, userId: string, id: string): Promise<SupportCase> {
      return accessUserData(
        ctx,
        {
          actor: actor(agent),
          userId,
          purpose: purpose(id, 'account and devices'),
          what: ['support_request', 'account', 'devices'],
          legalBasis: SUPPORT_LEGAL_BASIS,
        },
        async (tx) => {
          const row = await openRequest(tx, userId, id);
          const r = createSupportRepo(tx);
          const [messages, grants, user, devices] = await Promise.all([
            r.messages(userId, id, tx),
            r.grants(userId, id, tx),
            createUsersRepo(tx).findById(userId),
            createDevicesRepo(tx).list(userId, tx),
          ]);
          if (!user) throw new NotFound('Support request');
          return {
            userId,
            request: presentRequest(row, messages, grants, ctx.now()),
            account: {
              email: user.email,
              displayName: user.displayName,
              locale: user.locale,
              timeZone: user.timeZone,
              devices: devices.map((d) => ({
                id: d.id,
                name: d.name,
                kind: d.kind,
                modelId: d.modelId,
                firmware: d.firmware,
                lastSyncAt: d.lastSyncAt?.toISOString() ?? null,
                unpaired: d.unpairedAt !== null,
              })),
            },
          };
        },
      );
    },

    async reply(agent: SupportAgent, userId: string, id: string, message: string) {
      const row = await mustBeOpen(userId, id);
      const now = ctx.now();
      await repo.insertMessage({
        userId,
        requestId: id,
        author: 'support',
        staffId: agent.userId,
        body: message,
        createdAt: now,
      });
      await repo.updateRequest(userId, id, { updatedAt: now, assigneeId: row.assigneeId ?? agent.userId });
      await staffAction(agent, 'support_replied', { requestId: id });
      await mailUser(userId, 'support-reply', (mails) => mails.reply(message, link(id)));
    },

    /** Support asks for categories, with a reason the user reads; nothing opens until the user grants. */
    async ask(agent: SupportAgent, userId: string, id: string, body: SupportAskBody) {
      await mustBeOpen(userId, id);
      await repo.insertGrant({
        userId,
        requestId: id,
        askedCategories: body.categories,
        askedReason: body.reason,
        askedBy: agent.userId,
        askedAt: ctx.now(),
      });
      await staffAction(agent, 'support_access_asked', { requestId: id, categories: body.categories });
      await mailUser(userId, 'support-ask', (mails) => mails.ask(body.categories, body.reason, link(id)));
    },

    async close(agent: SupportAgent, userId: string, id: string) {
      await mustBeOpen(userId, id);
      const now = ctx.now();
      await repo.updateRequest(userId, id, {
        state: 'closed',
        closedAt: now,
        closedBy: 'support',
        updatedAt: now,
      });
      await staffAction(agent, 'support_closed', { requestId: id });
    },

    /**
     * The user's readings of one metric, only while a grant covers its category; each reading keeps only
     * the measures of granted categories, without the user's own notes. Not granted (or no longer): 403.
     */
    async readings(
      agent: SupportAgent,
      userId: string,
      id: string,
      q: { metric: string; from: string; to: string; cursor?: string; limit: number },
    ) {
      const category = (categories: Set<string>) =>
        [...categories].find((c) => metricsOfCategories([c]).includes(q.metric));
      return accessUserData(
        ctx,
        {
          actor: actor(agent),
          userId,
          purpose: purpose(id, 'health data the user granted'),
          what: [`readings:${q.metric}`],
          legalBasis: SUPPORT_CONSENT_BASIS,
        },
        async (tx) => {
          const row = await openRequest(tx, userId, id);
          const opened = openedBy(await createSupportRepo(tx).grants(userId, id, tx), row, ctx.now());
          if (!category(opened.categories)) throw notGranted();
          const shown = new Set(metricsOfCategories([...opened.categories]));
          const result = await readingPagesIn(tx, ctx.now)(userId, q);
          return {
            items: result.items.map(({ annotation: _note, clientRef: _ref, ...r }) => ({
              ...r,
              clientRef: null,
              measures: r.measures.filter((m) => shown.has(m.metric)),
            })),
            nextCursor: result.nextCursor,
          };
        },
      );
    },

    /** A device's diagnostics (logs, battery reports), only while a grant covers diagnostics of that device. */
    async diagnostics(agent: SupportAgent, userId: string, id: string, deviceId: string) {
      return accessUserData(
        ctx,
        {
          actor: actor(agent),
          userId,
          purpose: purpose(id, 'device diagnostics the user granted'),
          what: ['diagnostics'],
          legalBasis: SUPPORT_CONSENT_BASIS,
        },
        async (tx) => {
          const row = await openRequest(tx, userId, id);
          const opened = openedBy(await createSupportRepo(tx).grants(userId, id, tx), row, ctx.now());
          if (!opened.categories.has('diagnostics') || !opened.deviceIds.has(deviceId)) throw notGranted();
          const rows = await createDevicesRepo(tx).listDiagnostics(userId, deviceId, tx);
          return {
            items: rows.slice(-500).map((d) => ({
              type: d.type,
              at: d.at.toISOString(),
              level: d.level,
              message: d.message,
              batteryPercent: d.batteryPercent,
            })),
          };
        },
      );
    },
  };
}

const notGranted = () =>
  new Forbidden(
    'The user has not granted this for this request, or the grant has ended.',
    'support_not_granted',
  );
const closed = () => new Conflict('This support request is closed.', 'support_request_closed');
