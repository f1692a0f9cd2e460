import type { Executor } from '../../db/client';
import { hotQuery } from '../../db/hot-sql';

/**
 * What a partner token's check reads from the global tables, in one statement (issue 17: it was
 * three, the access token and its grant through oidc-provider's adapter, the app, the account): the
 * access token's stored payload, its grant's, the app and the account's state and zone. Expiry by the
 * app's clock is the adapter's filter (oidc-adapter.ts `notExpired`); the payloads are then verified by
 * oidc-provider itself (partner-auth.ts). The token's row carries the user, client and grant ids its
 * payload names (the adapter copies them on every write), so the joins follow the ids of the token.
 * The user's connection is read apart, by its user id (partner-auth.ts): a join from this row to a
 * table distributed by user_id would reach every shard on Citus (user-key-plans.int.test.ts).
 */
const PARTNER_TOKEN_CHECK = {
  name: 'partner_token_check',
  text: `SELECT t.payload AS token, g.payload AS grant, a.client_id, a.name AS app_name, a.disabled_at,
      u.state AS account_state, u.time_zone
    FROM oidc_payloads t
    LEFT JOIN oidc_payloads g ON g.model = 'Grant' AND g.id = t.grant_id
      AND (g.expires_at IS NULL OR g.expires_at > $2::timestamptz)
    LEFT JOIN partner_apps a ON a.client_id = t.client_id
    LEFT JOIN users u ON u.id = t.user_id
    WHERE t.model = 'AccessToken' AND t.id = $1::text
      AND (t.expires_at IS NULL OR t.expires_at > $2::timestamptz)`,
};

export interface PartnerTokenRow {
  token: Record<string, unknown>;
  grant: Record<string, unknown> | null;
  /** The app, null when it is gone. */
  app: { clientId: string; name: string; disabledAt: Date | null } | null;
  account: { state: string; timeZone: string } | null;
}

interface RawRow {
  token: Record<string, unknown>;
  grant: Record<string, unknown> | null;
  client_id: string | null;
  app_name: string | null;
  disabled_at: Date | null;
  account_state: string | null;
  time_zone: string | null;
}

/** The stored access token (not expired by `now`) with what its check needs; undefined when unknown. */
export async function findPartnerToken(
  db: Executor,
  token: string,
  now: Date,
): Promise<PartnerTokenRow | undefined> {
  const [row] = await hotQuery<RawRow>(db, PARTNER_TOKEN_CHECK, [token, now]);
  if (!row) return undefined;
  return {
    token: row.token,
    grant: row.grant,
    app:
      row.client_id !== null && row.app_name !== null
        ? { clientId: row.client_id, name: row.app_name, disabledAt: row.disabled_at }
        : null,
    account:
      row.account_state !== null && row.time_zone !== null
        ? { state: row.account_state, timeZone: row.time_zone }
        : null,
  };
}
