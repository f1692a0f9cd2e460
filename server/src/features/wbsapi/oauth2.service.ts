import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { APP_DISABLED_MESSAGE, authenticatePartnerToken } from '../oauth';
import { publicUserId } from '../oauth';
import { wbsapiStatus } from './status-codes';
import { WbsapiError } from './wbsapi-request';

const text = (max: number) => z.string().trim().min(1).max(max);

export const requesttokenParams = z.object({
  grant_type: z.enum(['authorization_code', 'refresh_token']),
  client_id: text(200),
  client_secret: text(500).optional(),
  code: text(2000).optional(),
  redirect_uri: text(2000).optional(),
  code_verifier: text(200).optional(),
  refresh_token: text(2000).optional(),
});
export type RequesttokenParams = z.output<typeof requesttokenParams>;

interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
  token_type?: string;
  userid?: string;
  error?: string;
  error_description?: string;
}

/**
 * `requesttoken`: the original's token exchange, answered by OUR OAuth2 server (`/oauth/token`, called
 * in process: no token logic here), reshaped as the original's body. Scopes are comma-separated there.
 */
export async function requesttoken(
  app: FastifyInstance,
  ctx: AppContext,
  req: FastifyRequest,
  p: RequesttokenParams,
) {
  if (p.grant_type === 'authorization_code' && !p.code) {
    throw new WbsapiError(wbsapiStatus.invalidParams, 'code is missing or not valid');
  }
  if (p.grant_type === 'refresh_token' && !p.refresh_token) {
    throw new WbsapiError(wbsapiStatus.invalidParams, 'refresh_token is missing or not valid');
  }
  // Withings clients send the secret in the form; our apps authenticate with HTTP Basic (RFC 6749
  // 2.3.1 recommends it), so the secret moves to the header. A public client sends its id alone.
  const { client_id, client_secret, ...rest } = p;
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) form.set(k, v);
  const auth: Record<string, string> = {};
  if (client_secret) {
    const basic = `${encodeURIComponent(client_id)}:${encodeURIComponent(client_secret)}`;
    auth.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  } else form.set('client_id', client_id);
  const res = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: {
      ...auth,
      'content-type': 'application/x-www-form-urlencoded',
      ...(req.headers.host ? { host: req.headers.host } : {}),
      ...(req.headers['x-forwarded-proto']
        ? { 'x-forwarded-proto': String(req.headers['x-forwarded-proto']) }
        : {}),
    },
    payload: form.toString(),
  });
  let answer: TokenAnswer = {};
  try {
    answer = res.json() as TokenAnswer;
  } catch {
    throw new WbsapiError(wbsapiStatus.unknownError);
  }
  if (res.statusCode !== 200 || !answer.access_token) {
    // A wrong client id or secret: the original's status and words (clients match on them).
    if (answer.error === 'invalid_client' && answer.error_description === APP_DISABLED_MESSAGE) {
      throw new WbsapiError(wbsapiStatus.invalidParams, `app_disabled: ${APP_DISABLED_MESSAGE}`);
    }
    if (answer.error === 'invalid_client') {
      throw new WbsapiError(wbsapiStatus.invalidParams, 'invalid client id/secret');
    }
    if (res.statusCode >= 500) throw new WbsapiError(wbsapiStatus.unknownError);
    // invalid_grant (a used, expired or unknown code or refresh token), invalid_request, …: the
    // error code only, never the description (it may quote what was sent).
    throw new WbsapiError(wbsapiStatus.invalidParams, answer.error ?? 'invalid_request');
  }
  // The token endpoint names the user by the public integer id (oauth/public-user-ids.ts).
  const userid =
    answer.userid ??
    (await publicUserId(ctx.database.db, (await authenticatePartnerToken(ctx, answer.access_token)).userId));
  return {
    userid: String(userid),
    access_token: answer.access_token,
    refresh_token: answer.refresh_token,
    expires_in: answer.expires_in,
    scope: (answer.scope ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .join(','),
    token_type: 'Bearer',
  };
}
