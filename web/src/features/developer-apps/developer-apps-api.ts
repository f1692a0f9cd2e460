// The apps the signed-in user registered (docs/api-partners.md): the answers' schemas are core's.
import type { DeveloperApp } from '@vitalbase/core/oauth';

export type { DeveloperApp };

/** GET /api/developer/apps */
export type DeveloperAppList = { items: DeveloperApp[] };

/** What the register and edit forms send. */
export interface DeveloperAppInput {
  name: string;
  logoUri?: string | null;
  redirectUris: string[];
  scopes: string[];
  public?: boolean;
  pkceRequired?: boolean;
}

export const developerAppsKey = ['me', 'developer-apps'] as const;

export const developerAppPath = (clientId: string) => `/api/developer/apps/${encodeURIComponent(clientId)}`;

/** One redirect URI per line, as typed: blank lines dropped, nothing else changed (they must match exactly). */
export function parseRedirectUris(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/**
 * Field errors of the server keyed as the form's fields: `redirectUris.1` belongs to the redirect URIs
 * box, `scopes.0` to the scopes checklist.
 */
export function formFieldErrors(fieldErrors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors)) {
    const field = path.split('.')[0] ?? path;
    out[field] ??= message;
  }
  return out;
}
