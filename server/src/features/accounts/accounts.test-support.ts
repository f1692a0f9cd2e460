import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { ApiClient, type TestApp } from '../../test/harness';

let addressCounter = 0;

/**
 * A browser from its own client address: the per-address rate limits of sign-up and sign-in would
 * otherwise count every test of a file as one visitor.
 */
export class BrowserClient extends ApiClient {
  readonly address: string;
  constructor(t: TestApp, address?: string) {
    super(t.app);
    addressCounter += 1;
    this.address =
      address ?? `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
  }
  override request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    extra: Partial<InjectOptions> = {},
  ): Promise<LightMyRequestResponse> {
    return super.request(method, url, body, { remoteAddress: this.address, ...extra });
  }
}

let emailCounter = 0;
export function uniqueEmail(prefix = 'person'): string {
  emailCounter += 1;
  return `${prefix}${emailCounter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

export const STRONG_PASSWORD = 'Velvet-Harbor-Quiet-42';

export function signUpBody(overrides: Record<string, unknown> = {}) {
  return {
    email: uniqueEmail(),
    password: STRONG_PASSWORD,
    displayName: 'Ada Lovelace',
    birthDate: '1990-12-10',
    country: 'FR',
    policies: { privacy: '1', terms: '1' }, // the versions in force on a fresh test database
    ...overrides,
  };
}

/** Signs up through the API and follows the link of the confirmation mail. */
export async function signUpAndVerify(t: TestApp, overrides: Record<string, unknown> = {}) {
  const body = signUpBody(overrides);
  const browser = new BrowserClient(t);
  const res = await browser.post('/api/auth/signup', body);
  expect(res.statusCode, res.body).toBe(202);
  const mail = await t.smtp.waitFor(body.email as string, { subject: /Confirm your email/ });
  const token = tokenOf(t.smtp.linkIn(mail));
  const verified = await browser.post('/api/auth/verify-email', { token });
  expect(verified.statusCode, verified.body).toBe(200);
  return { ...body, email: body.email as string, password: body.password as string, browser };
}

/** Signs in through the API in a new browser and answers it. */
export async function signIn(t: TestApp, email: string, password: string, browser = new BrowserClient(t)) {
  const res = await browser.post('/api/auth/login', { email, password });
  expect(res.statusCode, res.body).toBe(200);
  return browser;
}

export function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}
