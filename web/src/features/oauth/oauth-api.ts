export type { ScopeExplained } from '@vitalbase/core/oauth';

/**
 * The address the browser may go to after a consent answer: only this site (the authorization server's
 * own resume endpoint). The partner's redirect URI is reached by the server's redirect from there, so
 * nothing a page is given can send the user to another site directly.
 */
export function sameOriginUrl(raw: string, origin: string): string | null {
  try {
    const url = new URL(raw, origin);
    return url.origin === origin ? url.href : null;
  } catch {
    return null;
  }
}
