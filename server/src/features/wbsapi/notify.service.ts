import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { Forbidden } from '../../lib/errors';
import type { PartnerPrincipal } from '../oauth';
import { grantsAppli, NOTIFY_APPLIS, scopesForAppli } from '../webhooks';
import { sendToPartner } from '../webhooks';
import { callbackUrlProblem } from '../webhooks';
import { createNotifyRepo, type NotifySubscriptionRow } from '../webhooks';
import { wbsapiStatus } from './status-codes';
import { WbsapiError } from './wbsapi-request';

/** Subscriptions one user may give one app (the original answers 305 past its limit). */
const MAX_SUBSCRIPTIONS_PER_APP = 50;
/** The original's `expires` for a subscription that does not expire. */
const NEVER_EXPIRES = 2_147_483_647;

export const appliParam = z
  .string()
  .trim()
  .regex(/^\d{1,3}$/)
  .transform(Number)
  .refine((n) => (NOTIFY_APPLIS as readonly number[]).includes(n));
export const callbackUrlParam = z.string().trim().min(1).max(2048);
export const commentParam = z.string().max(500).optional();

type Ctx = Pick<AppContext, 'database' | 'config' | 'now'>;

function present(row: NotifySubscriptionRow) {
  return {
    appli: row.appli,
    callbackurl: row.callbackUrl,
    comment: row.comment ?? '',
    expires: NEVER_EXPIRES,
  };
}

/**
 * `/wbsapi/notify` as the original: a (user, app) subscribes callback URLs to categories. A callback
 * must be a public https URL that answers a HEAD request with a 2xx before it is accepted.
 */
export function createNotifyService(ctx: Ctx) {
  const repo = createNotifyRepo(ctx.database.db);

  async function checkCallback(url: string) {
    const policy = { allowPrivateNetwork: ctx.config.webhooksAllowPrivateNetwork };
    if (callbackUrlProblem(url, policy)) throw new WbsapiError(wbsapiStatus.badCallbackUrl);
    const probe = await sendToPartner({ method: 'HEAD', url }, policy);
    const ok = probe.statusCode !== undefined && probe.statusCode >= 200 && probe.statusCode < 300;
    if (!ok) throw new WbsapiError(wbsapiStatus.wrongCallbackUrl);
  }

  function checkScope(p: PartnerPrincipal, appli: number) {
    if (!grantsAppli(p.scopes, appli)) {
      throw new Forbidden(`This token lacks a scope for appli ${appli}.`, 'insufficient_scope', {
        requiredScopes: scopesForAppli(appli),
      });
    }
  }

  async function existing(p: PartnerPrincipal, callbackUrl: string, appli: number) {
    const row = await repo.find(p.userId, p.clientId, callbackUrl, appli);
    if (!row) throw new WbsapiError(wbsapiStatus.noSuchSubscription);
    return row;
  }

  return {
    async subscribe(p: PartnerPrincipal, input: { callbackurl: string; appli: number; comment?: string }) {
      checkScope(p, input.appli);
      const known = await repo.find(p.userId, p.clientId, input.callbackurl, input.appli);
      if (!known && (await repo.list(p.userId, p.clientId)).length >= MAX_SUBSCRIPTIONS_PER_APP) {
        throw new WbsapiError(wbsapiStatus.tooManySubscriptions);
      }
      await checkCallback(input.callbackurl);
      await repo.upsert({
        userId: p.userId,
        clientId: p.clientId,
        appli: input.appli,
        callbackUrl: input.callbackurl,
        comment: input.comment ?? known?.comment ?? null,
        at: ctx.now(),
      });
      return {};
    },

    async get(p: PartnerPrincipal, input: { callbackurl: string; appli: number }) {
      const row = await existing(p, input.callbackurl, input.appli);
      const { expires: _never, ...body } = present(row);
      return body;
    },

    async list(p: PartnerPrincipal, input: { appli?: number }) {
      return { profiles: (await repo.list(p.userId, p.clientId, input.appli)).map(present) };
    },

    async revoke(p: PartnerPrincipal, input: { callbackurl: string; appli?: number }) {
      const rows = (await repo.list(p.userId, p.clientId, input.appli)).filter(
        (r) => r.callbackUrl === input.callbackurl,
      );
      if (!rows.length) throw new WbsapiError(wbsapiStatus.noSuchSubscription);
      for (const row of rows) await repo.delete(p.userId, row.id);
      return {};
    },

    async update(
      p: PartnerPrincipal,
      input: {
        callbackurl: string;
        appli: number;
        new_callbackurl: string;
        new_appli: number;
        comment?: string;
      },
    ) {
      const row = await existing(p, input.callbackurl, input.appli);
      checkScope(p, input.new_appli);
      const clash = await repo.find(p.userId, p.clientId, input.new_callbackurl, input.new_appli);
      if (clash && clash.id !== row.id)
        throw new WbsapiError(wbsapiStatus.invalidParams, 'such a subscription exists');
      if (input.new_callbackurl !== row.callbackUrl) await checkCallback(input.new_callbackurl);
      await repo.update(p.userId, row.id, {
        appli: input.new_appli,
        callbackUrl: input.new_callbackurl,
        ...(input.comment !== undefined ? { comment: input.comment } : {}),
        updatedAt: ctx.now(),
      });
      return {};
    },
  };
}
