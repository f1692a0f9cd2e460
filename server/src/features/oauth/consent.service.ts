import {
  isPartnerScope,
  isUserOptionalScope,
  type PartnerScope,
  parsePartnerScopeParam,
  partnerScopeWords,
} from '@vitalbase/core';
import type { RequestMeta } from '../../lib/request-meta';
import type Provider from 'oidc-provider';
import type { AppContext } from '../../lib/context';
import { Forbidden, Invalid, NotFound } from '../../lib/errors';
import { recordSecurityEvent } from '../accounts';
import { createUsersRepo } from '../accounts';
import { APP_DISABLED_MESSAGE } from './app-disable';
import { createConnectionsRepo } from './connections.repo';
import { type BrowserExchange, interactionStartedHere } from './interaction-browser';
import { claimInteraction } from './oidc-adapter';
import { bindGrantToSession, isOnlineOnly } from './online-access';
import { createPartnerAppsRepo, type PartnerAppRow } from './partner-apps.repo';

type Interaction = InstanceType<Provider['Interaction']>;
const epochSeconds = () => Math.floor(Date.now() / 1000);

/** Where the app would send the user back, as a user recognises it (host, or scheme for native apps). */
function redirectHost(uri: unknown): string {
  if (typeof uri !== 'string') return '';
  try {
    const url = new URL(uri);
    return url.host || url.protocol.replace(/:$/, '');
  } catch {
    return '';
  }
}

/**
 * What the user allows (issue #13): every required scope the app asked for, and the optional (data)
 * scopes the user kept ticked; `kept` undefined keeps them all. A kept scope the app did not ask for
 * is refused, and so is an answer that would grant nothing (that is Deny).
 */
function chooseScopes(asked: PartnerScope[], kept: string[] | undefined) {
  if (kept === undefined) return { granted: asked, left: [] };
  if (kept.some((scope) => !(asked as string[]).includes(scope))) {
    throw new Invalid('Only scopes this app asked for can be allowed.');
  }
  const granted = asked.filter((scope) => !isUserOptionalScope(scope) || kept.includes(scope));
  if (granted.length === 0) throw new Invalid('Keep at least one of the data, or deny the app.');
  return { granted, left: asked.filter((scope) => !granted.includes(scope)) };
}

/**
 * The consent screen's side of an authorization: oidc-provider hands the browser to the web page
 * `/oauth/consent/:uid`, which reads the request here and answers approve or deny; the answer is stored
 * on the interaction and the browser goes back to oidc-provider (`redirectTo`) to finish.
 */
export function createConsentService(ctx: AppContext, provider: Provider) {
  const db = ctx.database.db;
  const apps = createPartnerAppsRepo(db);
  const users = createUsersRepo(db);
  const connections = createConnectionsRepo(db);

  /**
   * The interaction, its app and the scopes asked that the app may ask for. Only the browser that
   * started it may answer (a link sent to someone else is refused, saying why), and only for the first
   * account signed in there that opened it.
   */
  async function load(userId: string, uid: string, browser: BrowserExchange) {
    const interaction = await interactionStartedHere(provider, browser, uid);
    if (!interaction) {
      if (await provider.Interaction.find(uid)) {
        throw new Forbidden(
          'This authorization request was started in another browser. Go back to the app in this browser and connect from there.',
          'authorization_other_browser',
        );
      }
      throw new NotFound('Authorization request');
    }
    if (interaction.result) throw new NotFound('Authorization request');
    if (!(await claimInteraction(db, uid, userId))) {
      throw new Forbidden(
        'This authorization request was opened by another account in this browser. Go back to the app and start again.',
        'authorization_other_account',
      );
    }
    const app = await apps.find(String(interaction.params.client_id ?? ''));
    if (!app) throw new NotFound('Authorization request');
    // Disabled by the operator after the request began: the user is told, and nothing can be granted.
    // 403, not the tokens' 401: the user is signed in, the app is what is refused.
    if (app.disabledAt) throw new Forbidden(APP_DISABLED_MESSAGE, 'app_disabled');
    const scopes = parsePartnerScopeParam(String(interaction.params.scope ?? '')).filter(
      (s): s is PartnerScope => isPartnerScope(s) && app.scopes.includes(s),
    );
    return { interaction, app, scopes };
  }

  async function finish(interaction: Interaction, result: Record<string, unknown>): Promise<string> {
    interaction.result = result;
    await interaction.save(Math.max(1, (interaction.exp ?? 0) - epochSeconds()));
    return interaction.returnTo;
  }

  const presentApp = (app: PartnerAppRow) => ({
    clientId: app.clientId,
    name: app.name,
    logoUri: app.logoUri,
  });

  return {
    async details(userId: string, uid: string, browser: BrowserExchange) {
      const { interaction, app, scopes } = await load(userId, uid, browser);
      const user = await users.findById(userId);
      return {
        uid,
        prompt: 'consent' as const,
        client: presentApp(app),
        redirectHost: redirectHost(interaction.params.redirect_uri),
        scopes: scopes.map((scope) => ({
          scope,
          ...partnerScopeWords(scope, user?.locale),
          optional: isUserOptionalScope(scope),
        })),
      };
    },

    /**
     * The user said yes: a grant for the scopes they kept (those left out are recorded as rejected, so
     * oidc-provider does not ask again), the connection, and back to oidc-provider.
     */
    async approve(
      meta: RequestMeta,
      { userId, sessionId }: { userId: string; sessionId: string },
      uid: string,
      browser: BrowserExchange,
      kept?: string[],
    ): Promise<{ redirectTo: string }> {
      const { interaction, app, scopes: asked } = await load(userId, uid, browser);
      const { granted: scopes, left } = chooseScopes(asked, kept);
      const user = await users.findById(userId);
      if (user?.state !== 'active') {
        throw new Forbidden('This account cannot connect apps.', 'account_inactive');
      }
      const grant = new provider.Grant({ accountId: userId, clientId: app.clientId });
      if (scopes.length) grant.addOIDCScope(scopes.join(' '));
      if (left.length) grant.rejectOIDCScope(left.join(' '));
      const grantId = await grant.save();
      // online_access: the refresh token lasts as long as this signed-in session (online-access.ts).
      if (isOnlineOnly(scopes)) {
        await bindGrantToSession(ctx.database.db, { grantId, userId, clientId: app.clientId, sessionId });
      }
      await connections.connect(userId, app.clientId, scopes, ctx.now());
      await recordSecurityEvent(ctx, meta, {
        userId,
        action: 'partner_app_connected',
        details: { clientId: app.clientId, name: app.name, scopes },
      });
      const redirectTo = await finish(interaction, {
        login: { accountId: userId, remember: false },
        consent: { grantId },
      });
      return { redirectTo };
    },

    /** The user said no: the app gets `access_denied` at its redirect URI. */
    async deny(userId: string, uid: string, browser: BrowserExchange): Promise<{ redirectTo: string }> {
      const { interaction } = await load(userId, uid, browser);
      const redirectTo = await finish(interaction, {
        error: 'access_denied',
        error_description: 'The user did not allow access.',
      });
      return { redirectTo };
    },
  };
}
