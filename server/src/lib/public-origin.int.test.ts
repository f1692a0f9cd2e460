import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness';
import { publicUrlNotice } from './public-origin';

/** PUBLIC_URL and the address in the browser (public-origin.ts). */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { publicUrl: 'http://localhost:8080' } });
});
afterAll(() => t?.close());

const page = (host: string, url = '/oauth/consent/abc?x=1') =>
  t.app.inject({ method: 'GET', url, headers: { host, accept: 'text/html' } });

describe('GET /api/config', () => {
  it("answers the server's public origin, to anyone", async () => {
    const res = await t.client().get('/api/config');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ publicOrigin: 'http://localhost:8080' });
  });
});

describe('development: another loopback name', () => {
  it('redirects a page opened on 127.0.0.1 or [::1] to the same path on PUBLIC_URL', async () => {
    for (const host of ['127.0.0.1:8080', '[::1]:8080']) {
      const res = await page(host);
      expect(res.statusCode, host).toBe(307);
      expect(res.headers.location).toBe('http://localhost:8080/oauth/consent/abc?x=1');
    }
  });

  it('answers API calls where they came, and PUBLIC_URL itself and other names unredirected', async () => {
    expect((await page('127.0.0.1:8080', '/api/config')).statusCode).toBe(200);
    expect((await page('127.0.0.1:8080', '/healthz')).statusCode).toBe(200);
    expect((await page('localhost:8080', '/api/config')).statusCode).toBe(200);
    // A client library's call (OAuth metadata, or any page address fetched as JSON) is not a page.
    expect((await page('127.0.0.1:8080', '/.well-known/openid-configuration')).statusCode).toBe(200);
    const asJson = await t.app.inject({
      method: 'GET',
      url: '/oauth/consent/abc',
      headers: { host: '127.0.0.1:8080', accept: 'application/json' },
    });
    expect(asJson.statusCode).not.toBe(307);
    for (const host of ['localhost:8080', 'vitalbase.example.org', '192.168.1.20:8080', '[::1']) {
      expect((await page(host)).statusCode, host).not.toBe(307);
    }
  });

  it('is off when PUBLIC_URL is not on this machine (a production name)', async () => {
    const prod = await createTestApp({ config: { publicUrl: 'https://health.example.org' } });
    try {
      const res = await prod.app.inject({
        method: 'GET',
        url: '/',
        headers: { host: '127.0.0.1:8080', accept: 'text/html' },
      });
      expect(res.statusCode).not.toBe(307);
    } finally {
      await prod.close();
    }
  });
});

describe('the start log', () => {
  it('warns when the server listens on an address PUBLIC_URL does not name, notes the redirect, else nothing', () => {
    expect(publicUrlNotice('0.0.0.0', 'http://localhost:8080')).toMatchObject({ level: 'warn' });
    expect(publicUrlNotice('0.0.0.0', 'http://localhost:8080')?.message).toContain(
      'open the app at http://localhost:8080 only',
    );
    expect(publicUrlNotice('127.0.0.1', 'http://localhost:8080')).toMatchObject({ level: 'info' });
    expect(publicUrlNotice('::1', 'http://localhost:8080')).toMatchObject({ level: 'info' });
    expect(publicUrlNotice('127.0.0.1', 'http://127.0.0.1:8080')).toBeUndefined();
    expect(publicUrlNotice('127.0.0.1', 'https://health.example.org')).toMatchObject({ level: 'warn' });
  });
});
