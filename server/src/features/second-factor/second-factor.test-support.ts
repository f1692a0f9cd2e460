import { expect } from 'vitest';
import { createAuditRepo } from '../audit';
import type { ApiClient, TestApp, TestUser } from '../../test/harness';
import { SoftwareAuthenticator } from './software-authenticator';
import { totpCodeAt } from './totp';

/** Test helpers shared by the second-factor and token suites. */

// For other features' tests: a passkey of their own, and the code an authenticator app shows.
export { SoftwareAuthenticator } from './software-authenticator';
export { totpCodeAt } from './totp';

/** A new browser that signs in with the password through POST /api/auth/login. */
export async function signInWithPassword(t: TestApp, user: TestUser) {
  const browser = t.client();
  const res = await browser.post('/api/auth/login', { email: user.user.email, password: user.password });
  expect(res.statusCode, res.body).toBe(200);
  return { browser, answer: res.json() as { status: string; methods?: string[] } };
}

/** Turns TOTP on through the API; answers the secret and the recovery codes. */
export async function enrolTotp(t: TestApp, user: TestUser) {
  const enrol = await user.client.post('/api/me/totp/enroll', { currentPassword: user.password });
  expect(enrol.statusCode, enrol.body).toBe(200);
  const { secret } = enrol.json() as { secret: string };
  const confirmedAt = t.clock.now();
  const confirm = await user.client.post('/api/me/totp/confirm', { code: totpCodeAt(secret, confirmedAt) });
  expect(confirm.statusCode, confirm.body).toBe(200);
  // The confirming code's step is spent: move on to the next one for whatever the test does next.
  t.clock.advance(30_000);
  return {
    secret,
    confirmedAt,
    recoveryCodes: (confirm.json() as { recoveryCodes: string[] }).recoveryCodes,
  };
}

/** Registers a passkey through the API with a software authenticator; answers the authenticator. */
export async function addPasskey(
  t: TestApp,
  user: TestUser,
  name = 'Laptop',
  authenticator = new SoftwareAuthenticator(new URL(t.config.publicUrl).origin),
) {
  const options = await user.client.post('/api/me/passkeys/options');
  expect(options.statusCode, options.body).toBe(200);
  const res = await user.client.post('/api/me/passkeys', {
    name,
    response: authenticator.register(options.json()),
  });
  expect(res.statusCode, res.body).toBe(201);
  return { authenticator, passkey: res.json() as { id: string; name: string } };
}

/** The browser's answer to the step-up options (POST /api/me/second-factor/passkey/options). */
export async function stepUpAssertion(
  user: TestUser,
  authenticator: SoftwareAuthenticator,
  overrides: { userVerified?: boolean } = {},
) {
  const options = await user.client.post('/api/me/second-factor/passkey/options');
  expect(options.statusCode, options.body).toBe(200);
  return authenticator.authenticate(options.json(), overrides);
}

export const currentCode = (t: TestApp, secret: string) => totpCodeAt(secret, t.clock.now());

/** A 6-digit code that is not valid around now (so a test of a wrong code cannot pass by luck). */
export function wrongCode(t: TestApp, secret: string): string {
  const near = [-1, 0, 1].map((s) => totpCodeAt(secret, new Date(t.clock.now().getTime() + s * 30_000)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!near.includes(code)) return code;
  }
}

export async function auditActions(t: TestApp, userId: string): Promise<string[]> {
  return (await createAuditRepo(t.database.db).listForUser(userId, { limit: 100 })).map((e) => e.action);
}

export async function expectSignedIn(client: ApiClient, yes: boolean) {
  const res = await client.get('/api/me');
  expect(res.statusCode, res.body).toBe(yes ? 200 : 401);
}

/** Sends `body` and expects a 400 in the error format, without anything echoed back. */
export async function expectBadInput(
  client: ApiClient,
  method: 'POST' | 'DELETE',
  url: string,
  body: unknown,
  raw = false,
) {
  const res = raw
    ? await client.request(method, url, body, { headers: { 'content-type': 'application/json' } })
    : await client.request(method, url, body);
  expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)} → ${res.body}`).toBe(400);
  const error = res.json().error;
  expect(['invalid_input', 'invalid_json', 'invalid_code']).toContain(error.code);
  return res;
}

/** Malformed bodies every JSON route must answer with 400. */
export const MALFORMED_BODIES: Array<{ body: unknown; raw?: boolean }> = [
  { body: '{"code": ', raw: true },
  { body: 'null', raw: true },
  { body: '[]', raw: true },
  { body: {} },
];
