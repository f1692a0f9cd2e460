import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';
import type { TestApp } from './harness';

/**
 * A SMART Backend Services client as an EHR runs it (https://hl7.org/fhir/smart-app-launch/backend-services.html),
 * written from the specification: its key pair, the JWT client assertion it signs, and the
 * client_credentials token request (RFC 7523 client authentication).
 */
export interface EhrKey {
  jwk: JWK;
  privateKey: KeyLike;
  kid: string;
  privateJwk: JWK;
}

export async function ehrKey(alg: 'RS384' | 'ES384'): Promise<EhrKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  return {
    jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' },
    privateKey,
    kid,
    privateJwk: await exportJWK(privateKey),
  };
}

/** The client assertion the spec describes: iss = sub = client id, aud = token URL, exp ≤ 5 min, jti. */
export function clientAssertion(a: {
  clientId: string;
  alg: string;
  kid: string;
  key: KeyLike;
  tokenUrl: string;
  jti?: string;
  jku?: string;
}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: a.alg, kid: a.kid, typ: 'JWT', ...(a.jku ? { jku: a.jku } : {}) })
    .setIssuer(a.clientId)
    .setSubject(a.clientId)
    .setAudience(a.tokenUrl)
    .setJti(a.jti ?? randomUUID())
    .setIssuedAt()
    .setExpirationTime('4m')
    .sign(a.key);
}

/** The token request of a backend client, authenticated by its signed assertion. */
export function clientCredentialsRequest(
  t: TestApp,
  assertion: string,
  scope = 'system/Patient.rs system/Observation.rs',
) {
  return t.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }).toString(),
  });
}
