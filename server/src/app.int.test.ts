import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from './test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('app-wide behaviour', () => {
  it('answers an over-long path parameter with the error format, not a bare 414', async () => {
    const { client } = await createTestUser(t);
    const res = await client.delete(`/api/me/sessions/${'a'.repeat(500)}`);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.statusCode).not.toBe(414);
    expect(res.json().error.code).toBeTypeOf('string');
  });

  it('refuses U+0000 anywhere in a JSON body with a 400, whatever the route', async () => {
    const { client } = await createTestUser(t);
    const res = await client.request('PATCH', '/api/me', '{"displayName":"a\\u0000b"}', {
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_input');
    const fine = await client.request('PATCH', '/api/me', '{"displayName":"a\\\\u0000b"}', {
      headers: { 'content-type': 'application/json' },
    });
    expect(fine.statusCode).toBe(200);
  });

  it('answers a device call without a credential 401, not a CSRF refusal', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/device/sync', payload: { items: [] } });
    expect(res.statusCode).toBe(401);
  });
});
