import type { MailLanguage } from '../../lib/mail-language';
import { APP_DISABLED_MESSAGE } from './app-disable';
import { escapeHtml, oauthPage, sayIn } from './oauth-page';

/**
 * The page a person's browser gets when an app's authorization request cannot go on (oidc-provider's
 * renderError: an unknown or disabled app, a redirect URI not registered…), in the language
 * page-language.ts chooses (the signed-in account's, the request's ui_locales, the browser's), French
 * or English as the web app speaks (its words: web/src/i18n/locales, `errors.codes.app_disabled`).
 * oidc-provider's own error code and description are for the app's developer: shown as they are,
 * escaped (they may quote the request).
 */
const words = {
  en: {
    title: 'Authorization error',
    heading: 'This app’s request cannot be completed',
    appDisabled: APP_DISABLED_MESSAGE,
    goBack: 'Go back to the app. If this keeps happening, tell its developer:',
  },
  fr: {
    title: 'Erreur d’autorisation',
    heading: 'La demande de cette application ne peut pas aboutir',
    appDisabled: 'Cette application a été désactivée par l’opérateur de ce service.',
    goBack: 'Revenez dans l’application. Si cela se reproduit, signalez-le à son développeur :',
  },
} satisfies Record<MailLanguage, Record<string, string>>;

export function authorizationErrorPage(
  language: MailLanguage,
  error: { code: string; description: string; appDisabled: boolean },
): string {
  const w = words[language];
  const say = sayIn(language);
  const detail = error.appDisabled
    ? `<p>${say(w.appDisabled)}</p>`
    : `<p>${say(w.goBack)}</p><p><code>${escapeHtml(error.code)}: ${escapeHtml(error.description)}</code></p>`;
  return oauthPage(language, w.title, `<h1>${say(w.heading)}</h1>${detail}`);
}
