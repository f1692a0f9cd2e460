import { frenchSpacing, type MailLanguage } from '../../lib/mail-language';

// The web app's card on its page background (web/src/styles.css colours, light and dark), inline:
// these pages load nothing else. Buttons as the web app's (.button, .button.primary).
const STYLE = [
  'body{margin:0;padding:24px 16px;background:#f5f7fa;color:#1b2430;',
  'font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}',
  'main{max-width:30rem;margin:0 auto;padding:20px;background:#fff;border:1px solid #c9d1dc;border-radius:8px}',
  'h1{margin:0 0 12px;font-size:1.5rem;line-height:1.25}p{margin:8px 0}code{overflow-wrap:anywhere}',
  'button{font:inherit;padding:8px 16px;margin:8px 8px 0 0;border-radius:6px;border:1px solid #c9d1dc;',
  'background:#fff;color:inherit;cursor:pointer}button[value=yes]{background:#0b5cad;border-color:#0b5cad;color:#fff}',
  '@media (prefers-color-scheme:dark){body{background:#0f1419;color:#e6edf3}',
  'main{background:#1a2129;border-color:#3a4654}button{background:#1a2129;border-color:#3a4654}',
  'button[value=yes]{background:#73b6ff;border-color:#73b6ff;color:#0a1a2c}}',
].join('');

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Our words, escaped, with French spacing in French (as the web app's typography). */
export const sayIn = (language: MailLanguage) => (text: string) =>
  escapeHtml(language === 'fr' ? frenchSpacing(text) : text);

/**
 * A page the OAuth server renders itself (authorization-error-page.ts, end-session-pages.ts): `body`
 * is HTML already escaped by its caller; `language` is one of ours (page-language.ts), never a request's.
 */
export function oauthPage(language: MailLanguage, title: string, body: string): string {
  return [
    `<!doctype html><html lang="${language}"><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${sayIn(language)(title)}</title>`,
    `<style>${STYLE}</style><main>${body}</main></html>`,
  ].join('');
}
