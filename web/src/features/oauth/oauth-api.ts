// Answers of the partner routes for the web, as docs/api-partners.md (the partner contract) describes them.

/** One scope as the server explains it: `title`/`description` are plain words for the user. */
export interface ScopeExplained {
  scope: string;
  title: string;
  description?: string;
}

/** GET /api/oauth/interaction/:uid */
export interface ConsentRequest {
  uid: string;
  prompt: 'consent' | (string & {});
  client: { clientId: string; name: string; logoUri: string | null };
  redirectHost: string;
  scopes: ScopeExplained[];
}

/** POST /api/oauth/interaction/:uid/approve|deny */
export interface InteractionResult {
  redirectTo: string;
}

/** GET /api/connected-apps */
export interface ConnectedApp {
  clientId: string;
  name: string;
  logoUri: string | null;
  scopes: ScopeExplained[];
  connectedAt: string;
  lastReadAt: string | null;
}

export const connectedAppsKey = ['me', 'connected-apps'] as const;

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
