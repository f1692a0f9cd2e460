import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AppContext } from '../../lib/context';
import { type MailLanguage, mailLanguage } from '../../lib/mail-language';
import { hashToken, splitUserToken } from '../../lib/tokens';
import { createSessionsRepo, createUsersRepo, SESSION_COOKIE } from '../accounts';

/** The languages of the pages the OAuth server renders itself, as the web app speaks them. */
export const PAGE_LANGUAGES = ['en', 'fr'] as const satisfies readonly MailLanguage[];

/** A longer ui_locales is not a list of preferences: it is ignored rather than split. */
const MAX_UI_LOCALES = 200;

/**
 * OpenID Connect Core §3.1.2.1 `ui_locales`: BCP47 tags separated by spaces, in the order of
 * preference; the first one we speak wins (`fr-CA` is French), the others are ignored (the spec: no
 * error for an unsupported tag). Never echoed: only one of PAGE_LANGUAGES comes out.
 */
export function uiLocalesLanguage(value: unknown): MailLanguage | undefined {
  if (typeof value !== 'string' || value.length > MAX_UI_LOCALES) return undefined;
  for (const tag of value.split(' ')) {
    const primary = tag.split('-')[0]?.toLowerCase();
    const found = PAGE_LANGUAGES.find((language) => language === primary);
    if (found) return found;
  }
  return undefined;
}

/**
 * The language the signed-in Vitalbase user chose (their profile's), when the request carries a valid,
 * complete session cookie. oidc-provider's routes do not go through the auth hook (oidc-mount.ts), so
 * the cookie is read here, only to choose the words of a page: it authorizes nothing.
 */
async function signedInLanguage(ctx: AppContext, cookie: string | undefined) {
  const parts = cookie ? splitUserToken(cookie) : undefined;
  if (!parts) return undefined;
  const db = ctx.database.db;
  const session = await createSessionsRepo(db).findActive(parts.userId, hashToken(parts.secret), ctx.now());
  if (session?.stage !== 'full') return undefined;
  const user = await createUsersRepo(db).findById(parts.userId);
  return user ? mailLanguage(user.locale) : undefined;
}

/**
 * The language of a page the OAuth server renders (authorization-error-page.ts), in the order a
 * person expects: the signed-in account's language, then the app's `ui_locales` for this request,
 * then the browser's Accept-Language (Koa's negotiation: q-values, `fr-FR` matching `fr`), then English.
 */
export async function oauthPageLanguage(ctx: AppContext, kctx: KoaContextWithOIDC): Promise<MailLanguage> {
  // Koa signs cookies with oidc-provider's keys by default; the Vitalbase session cookie is not signed.
  const account = await signedInLanguage(ctx, kctx.cookies.get(SESSION_COOKIE, { signed: false }));
  if (account) return account;
  // oidc-provider's parsed parameters; a request refused before parsing them still has its query.
  const asked = uiLocalesLanguage(kctx.oidc?.params?.ui_locales ?? kctx.query.ui_locales);
  if (asked) return asked;
  return kctx.request.acceptsLanguages([...PAGE_LANGUAGES]) === 'fr' ? 'fr' : 'en';
}
