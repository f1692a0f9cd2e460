import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { errors, type Interaction, type KoaContextWithOIDC } from 'oidc-provider';

/**
 * An authorization belongs to the browser that started it (issue #11). Otherwise a consent link opened
 * in another browser connects the account signed in there to the app of the first browser: user B
 * starts an authorization, sends the consent link to A, A allows, and B's browser gets a code whose
 * token reads A's data.
 *
 * oidc-provider ties an interaction to its browser with the `_interaction` cookie, but scopes it to the
 * consent page's path (`/oauth/consent/<uid>`): the consent API under /api never receives it. The same
 * cookie is set again for the API's path, so the API can ask oidc-provider (`interactionDetails`,
 * which reads that cookie) which authorization this browser started.
 */

/** The consent API of one authorization (its routes are in oauth.routes.ts). */
const consentApiPath = (uid: string) => `/api/oauth/interaction/${encodeURIComponent(uid)}`;

/** The raw request and response of a consent API call: where oidc-provider reads its cookie. */
export interface BrowserExchange {
  req: IncomingMessage;
  res: ServerResponse;
}

/** As oidc-provider starts an interaction: its cookie, also for the consent API's path, as long-lived. */
export function shareInteractionCookie(
  kctx: KoaContextWithOIDC,
  interaction: Interaction,
  cookieOptions: { httpOnly: boolean; sameSite: 'lax'; secure: boolean },
) {
  const ttlSeconds = Math.max(1, interaction.exp - Math.floor(Date.now() / 1000));
  // `cookieName` is public in oidc-provider 8 but missing from its types.
  const provider = kctx.oidc.provider as unknown as { cookieName(type: 'interaction'): string };
  kctx.cookies.set(provider.cookieName('interaction'), interaction.uid, {
    ...cookieOptions,
    path: consentApiPath(interaction.uid),
    maxAge: ttlSeconds * 1000,
  });
}

/** The interaction `uid` if this browser started it (oidc-provider checks its signed cookie), else undefined. */
export async function interactionStartedHere(
  provider: Provider,
  browser: BrowserExchange,
  uid: string,
): Promise<Interaction | undefined> {
  try {
    const interaction = await provider.interactionDetails(browser.req, browser.res);
    return interaction.uid === uid ? interaction : undefined;
  } catch (err) {
    // No cookie, or its interaction is gone (expired, already finished).
    if (err instanceof errors.SessionNotFound) return undefined;
    throw err;
  }
}
