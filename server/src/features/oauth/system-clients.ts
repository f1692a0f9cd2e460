import { appDisabled } from './app-disable';
import { createPublicKey, randomBytes } from 'node:crypto';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { AppError, Unauthorized } from '../../lib/errors';
import { removePartnerApp } from './app-removal';
import { fetchJwksForRegistration, type JwksUrlPolicy } from './jwks-url';
import { getOidcProvider } from './oidc-provider';
import { createPartnerAppsRepo, type PartnerAppRow } from './partner-apps.repo';

/**
 * SMART Backend Services (issue #15): a clinic's EHR reads its enrolled patients with a token of its
 * own (client_credentials, authenticated by private_key_jwt against the public keys the clinic
 * registered). SMART v2 names (`.rs`) and the v1 names (`.read`) the spec still lists; no write scope.
 */
export const systemScopes = [
  'system/Patient.rs',
  'system/Observation.rs',
  'system/Patient.read',
  'system/Observation.read',
] as const;

/** SMART Backend Services: RS384 and ES384 must be supported; the 256 variants are accepted too. */
export const clientAssertionAlgs = ['RS384', 'ES384', 'RS256', 'ES256'] as const;

/** Members of a JWK that only a private key has: a registered key set holds public keys only. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * A refused key set: `invalid_jwks`, with the problem named in details so the clinic's settings page
 * says what to fix (in the admin's language) rather than a generic "not valid".
 */
type JwksProblem = 'key_count' | 'not_object' | 'private_key' | 'key_type' | 'alg' | 'unreadable';
const badJwks = (problem: JwksProblem, message: string) =>
  new AppError(400, 'invalid_jwks', `jwks: ${message}`, { problem });

/** Checks a JWKS of public RSA or EC keys (each readable by node's crypto, as oidc-provider will read it). */
async function validatePublicJwks(jwks: unknown): Promise<{ keys: Record<string, unknown>[] }> {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length < 1 || keys.length > 10) {
    throw badJwks('key_count', 'a JSON Web Key Set with 1 to 10 keys.');
  }
  for (const key of keys as Record<string, unknown>[]) {
    if (typeof key !== 'object' || key === null || Array.isArray(key))
      throw badJwks('not_object', 'keys are objects.');
    if (PRIVATE_MEMBERS.some((m) => m in key)) {
      throw badJwks('private_key', 'public keys only (a private key must never leave the clinic).');
    }
    const alg = key.kty === 'RSA' ? 'RS384' : key.kty === 'EC' ? 'ES384' : undefined;
    if (!alg) throw badJwks('key_type', 'only RSA or EC keys.');
    const asked = typeof key.alg === 'string' ? key.alg : alg;
    if (!(clientAssertionAlgs as readonly string[]).includes(asked)) {
      throw badJwks('alg', `alg must be one of ${clientAssertionAlgs.join(', ')}.`);
    }
    try {
      const imported = createPublicKey({ key: key as never, format: 'jwk' });
      if (imported.asymmetricKeyType !== (alg === 'RS384' ? 'rsa' : 'ec')) throw new Error('kind');
    } catch {
      throw badJwks('unreadable', 'a key could not be read.');
    }
  }
  return { keys: keys as Record<string, unknown>[] };
}

export interface ClinicBackendClient {
  clientId: string;
  scopes: string[];
  keyIds: string[];
  /** Where the clinic publishes its keys, when registered by URL (keyIds then empty: they rotate there). */
  jwksUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const view = (row: PartnerAppRow): ClinicBackendClient => ({
  clientId: row.clientId,
  scopes: row.scopes,
  keyIds: (row.jwks?.keys ?? []).map((k) => (typeof k.kid === 'string' ? k.kid : '')).filter(Boolean),
  jwksUrl: row.jwksUrl,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** The EHR's public keys: pasted (`jwks`), or the URL where it publishes them (`jwksUrl`). */
export type BackendClientKeys = { jwks: unknown } | { jwksUrl: string };

/**
 * The keys to store: a pasted set is checked; a URL is fetched now, through the same guard as every
 * later fetch, and what it serves must pass the same check (a URL that cannot serve keys is refused
 * now, with its reason, not at the EHR's first token request).
 */
async function keysToStore(keys: BackendClientKeys, policy: JwksUrlPolicy) {
  if ('jwks' in keys) return { jwks: await validatePublicJwks(keys.jwks), jwksUrl: null };
  await validatePublicJwks(await fetchJwksForRegistration(keys.jwksUrl, policy));
  return { jwks: null, jwksUrl: keys.jwksUrl };
}

/**
 * One backend client per clinic: registering again replaces its keys (key rotation) and keeps the
 * client id, so the EHR's configuration stays. Tokens already issued live out their few minutes.
 */
export async function registerClinicBackendClient(
  db: Executor,
  clinic: { id: string; name: string },
  keys: BackendClientKeys,
  at: Date,
  policy: JwksUrlPolicy,
): Promise<ClinicBackendClient> {
  const stored = await keysToStore(keys, policy);
  const apps = createPartnerAppsRepo(db);
  const existing = await apps.findByClinic(clinic.id);
  if (existing) return view((await apps.update(existing.clientId, { ...stored, updatedAt: at }))!);
  const row = await apps.insert({
    clientId: `clinic-${randomBytes(12).toString('base64url')}`,
    name: `${clinic.name} (EHR)`.slice(0, 200),
    redirectUris: [],
    scopes: [...systemScopes],
    isPublic: false,
    pkceRequired: false,
    clinicId: clinic.id,
    ...stored,
  });
  return view(row);
}

export async function findClinicBackendClient(
  db: Executor,
  clinicId: string,
): Promise<ClinicBackendClient | undefined> {
  const row = await createPartnerAppsRepo(db).findByClinic(clinicId);
  return row ? view(row) : undefined;
}

/**
 * The clinic stops its EHR's access: the client goes with every token it holds (removePartnerApp), so
 * the next call with one is refused at once. Registering again later makes a new client id.
 */
export async function removeClinicBackendClient(db: Executor, clinicId: string, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const row = await createPartnerAppsRepo(tx).findByClinic(clinicId, tx);
    return row ? removePartnerApp(tx, row.clientId, at) : false;
  });
}

/** Who calls with a backend-services token: a clinic's client, with the scopes of the token. */
export interface SystemPrincipal {
  clientId: string;
  clientName: string;
  clinicId: string;
  scopes: string[];
}

const invalidSystemToken = () =>
  new Unauthorized('The access token is invalid, expired or revoked.', 'invalid_token');

/**
 * A client_credentials access token of a clinic's backend client, or undefined when the token is not
 * one (a user's token is checked by authenticatePartnerToken). Expired, or its client no longer a
 * clinic's → 401.
 */
export async function findSystemPrincipal(
  ctx: AppContext,
  token: string,
): Promise<SystemPrincipal | undefined> {
  if (!token || token.length > 512) return undefined;
  const provider = getOidcProvider(ctx);
  const found = await provider.ClientCredentials.find(token).catch(() => undefined);
  if (!found?.clientId) return undefined;
  if (found.isExpired || (found.exp ?? 0) * 1000 <= ctx.now().getTime()) throw invalidSystemToken();
  const app = await createPartnerAppsRepo(ctx.database.db).find(found.clientId);
  if (!app?.clinicId) throw invalidSystemToken();
  if (app.disabledAt) throw appDisabled();
  return {
    clientId: app.clientId,
    clientName: app.name,
    clinicId: app.clinicId,
    scopes: (found.scope ?? '').split(' ').filter(Boolean),
  };
}
