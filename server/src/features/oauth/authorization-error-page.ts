import { frenchSpacing, type MailLanguage } from '../../lib/mail-language';
import { APP_DISABLED_MESSAGE } from './app-disable';

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

// The web app's card on its page background (web/src/styles.css colours, light and dark), inline:
// this page loads nothing else.
const STYLE = [
  'body{margin:0;padding:24px 16px;background:#f5f7fa;color:#1b2430;',
  'font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}',
  'main{max-width:30rem;margin:0 auto;padding:20px;background:#fff;border:1px solid #c9d1dc;border-radius:8px}',
  'h1{margin:0 0 12px;font-size:1.5rem;line-height:1.25}p{margin:8px 0}code{overflow-wrap:anywhere}',
  '@media (prefers-color-scheme:dark){body{background:#0f1419;color:#e6edf3}',
  'main{background:#1a2129;border-color:#3a4654}}',
].join('');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function authorizationErrorPage(
  language: MailLanguage,
  error: { code: string; description: string; appDisabled: boolean },
): string {
  const w = words[language];
  const say = (text: string) => escapeHtml(language === 'fr' ? frenchSpacing(text) : text);
  const detail = error.appDisabled
    ? `<p>${say(w.appDisabled)}</p>`
    : `<p>${say(w.goBack)}</p><p><code>${escapeHtml(error.code)}: ${escapeHtml(error.description)}</code></p>`;
  return [
    `<!doctype html><html lang="${language}"><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${say(w.title)}</title>`,
    `<style>${STYLE}</style><main><h1>${say(w.heading)}</h1>${detail}</main></html>`,
  ].join('');
}
