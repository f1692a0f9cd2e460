import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../test/harness';

/**
 * The edge check (well-formed-input.ts): bad UTF-8, NUL and lone surrogates in the address or a body
 * are a 400 in the error format before any route runs, never a 500 from the database, never stored as
 * U+FFFD.
 */
let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  user = await createTestUser(t);
});
afterAll(() => t?.close());

const json = { 'content-type': 'application/json' };
const expectRefused = (res: { statusCode: number; body: string }, what: string) => {
  expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBe(400);
  const body = JSON.parse(res.body);
  expect(body.error.code, what).toBe('invalid_input');
  expect(res.body, what).not.toContain('\\ud800');
};

describe('bodies', () => {
  it('refuses invalid UTF-8 in a JSON body instead of storing U+FFFD', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"displayName":"Ann'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const res = await user.client.patch('/api/me', bytes, { headers: json });
    expectRefused(res, 'invalid UTF-8');
    expect(res.json().error.details).toEqual([{ where: 'body', code: 'invalid_utf8' }]);
    const me = (await user.client.get('/api/me')).json();
    expect(me.displayName).toBe(user.user.displayName);
    // Well-formed UTF-8 (any script, emoji) still goes through.
    expect((await user.client.patch('/api/me', { displayName: 'Zoë 🌿 漢字' })).statusCode).toBe(200);
  });

  it('refuses a lone surrogate or NUL anywhere in a JSON body, and says where without the text', async () => {
    for (const [label, text] of [
      ['lone high surrogate', '"a\\ud800b"'],
      ['lone low surrogate', '"a\\udc00b"'],
      ['reversed pair', '"\\udc00\\ud800"'],
      ['NUL', '"a\\u0000b"'],
    ] as const) {
      const res = await user.client.put(
        '/api/me/consents/research',
        `{"granted":true,"wordingVersion":1,"form":{"acknowledgesScope":true,"acknowledgesWithdrawal":true,"note":${text}}}`,
        { headers: json },
      );
      expectRefused(res, label);
      expect(res.json().error.details).toEqual([
        { where: 'body', path: 'form.note', code: 'ill_formed_text' },
      ]);
    }
    const key = await user.client.patch('/api/me', '{"display\\ud800Name":"x"}', { headers: json });
    expectRefused(key, 'a lone surrogate in a key');
    // A well-formed pair (an emoji written as escapes) is text like any other.
    const pair = await user.client.patch('/api/me', '{"displayName":"ok \\ud83c\\udf3f"}', { headers: json });
    expect(pair.statusCode, pair.body).toBe(200);
    expect(pair.json().displayName).toBe('ok 🌿');
  });

  it('refuses invalid UTF-8 and bad escapes in a form body (Withings-style API)', async () => {
    for (const payload of [
      Buffer.concat([Buffer.from('action=getmeas&access_token=a'), Buffer.from([0xff])]),
      Buffer.from('action=getmeas&access_token=a%FFb'),
      Buffer.from('action=getmeas&access_token=a%ED%A0%80b'),
      Buffer.from('action=getmeas&access_token=a%00b'),
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/wbsapi/measure',
        payload,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      // The Withings-style API answers 200 with its own status: "invalid params" (503).
      expect(res.json().status, res.body).toBe(503);
    }
  });
});

describe('the address', () => {
  const bad = [
    ['NUL', '%00'],
    ['lone surrogate (CESU-8)', '%ED%A0%80'],
    ['invalid UTF-8', '%FF'],
    ['truncated sequence', '%E2%82'],
  ] as const;

  it('refuses them in a query string, on every kind of route', async () => {
    for (const [label, value] of bad) {
      expectRefused(await user.client.get(`/api/health-data/readings?metric=we${value}ight`), `api ${label}`);
      expectRefused(await user.client.get(`/api/me/access-log?before=a${value}`), `cursor ${label}`);
      expectRefused(await t.client().get(`/oauth/auth?client_id=a${value}b`), `oauth ${label}`);
      const fhir = await t.app.inject({ method: 'GET', url: `/fhir/R4/Observation?_cursor=a${value}` });
      expect(fhir.statusCode, `fhir ${label}`).toBe(400);
      expect(fhir.json().resourceType).toBe('OperationOutcome');
    }
  });

  it('refuses them in a path parameter', async () => {
    for (const [label, value] of bad) {
      expectRefused(await user.client.get(`/api/health-data/readings/x${value}`), label);
      expectRefused(await user.client.delete(`/api/me/sessions/x${value}`), label);
    }
  });

  it('lets well-formed escapes through (the check is on what they decode to)', async () => {
    const res = await user.client.get(
      `/api/health-data/readings?metric=weight&from=${encodeURIComponent('2024-01-01T00:00:00+01:00')}&to=2024-02-01T00:00:00Z`,
    );
    expect(res.statusCode, res.body).toBe(200);
    // A stray % that escapes nothing is not an encoding error (the route's schema judges the value).
    expect((await user.client.get('/api/me/access-log?before=100%')).statusCode).toBe(400);
    expect(
      (await user.client.get(`/api/health-data/catalog?x=${encodeURIComponent('漢字')}`)).statusCode,
    ).toBeLessThan(500);
  });
});
