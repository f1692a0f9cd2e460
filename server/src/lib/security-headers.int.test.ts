import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness';

/**
 * Helmet's headers on every routed answer, a 404 included. The middleware is built
 * once at start (app.ts), not per request; these are the headers it must keep sending.
 */
const always = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

let plain: TestApp;
let secure: TestApp;
beforeAll(async () => {
  plain = await createTestApp();
  secure = await createTestApp({ config: { publicUrl: 'https://vitalbase.example', secureCookies: true } });
});
afterAll(async () => {
  await plain?.close();
  await secure?.close();
});

describe('security headers', () => {
  it('are on a route and a 404 alike', async () => {
    for (const url of ['/healthz', '/api/health-data/catalog', '/api/no-such-route']) {
      const res = await plain.app.inject({ method: 'GET', url });
      expect(res.headers, url).toMatchObject(always);
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
      expect(res.headers['x-powered-by'], url).toBeUndefined();
    }
  });

  it('add HSTS and upgrade-insecure-requests when served over HTTPS', async () => {
    const res = await secure.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers['content-security-policy']).toBe(
      `${always['content-security-policy']};upgrade-insecure-requests`,
    );
  });
});
