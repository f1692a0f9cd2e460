import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('GET /api/me', () => {
  it('answers the signed-in user', async () => {
    const { user, client } = await createTestUser(t);
    const res = await client.get('/api/me');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: user.id, email: user.email, emailVerified: true });
  });

  it('is 401 without a session, and with a forged one', async () => {
    const anon = t.client();
    expect((await anon.get('/api/me')).statusCode).toBe(401);
    const { user } = await createTestUser(t);
    anon.setCookie('vb_session', `${user.id}.${'x'.repeat(43)}`);
    const res = await anon.get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const { client } = await createTestUser(t);
    const res = await client.patch('/api/me', {}, { headers: { 'x-csrf-token': 'forged' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_invalid');
  });

  it('answers unknown routes and malformed JSON with the error format', async () => {
    const anon = t.client();
    const res = await anon.get('/api/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});
