import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const base = '/api/me/goals';

describe('goals', () => {
  it('sets, reads, changes and deletes goals in canonical units', async () => {
    const { client } = await createTestUser(t);
    expect((await client.get(base)).json()).toEqual({ goals: [] });

    const steps = await client.put(`${base}/steps`, { value: 8000 });
    expect(steps.statusCode, steps.body).toBe(200);
    expect(steps.json()).toMatchObject({ kind: 'steps', value: 8000, unit: 'steps' });
    expect((await client.put(`${base}/sleep_duration`, { value: 8 * 3600 })).statusCode).toBe(200);
    const weight = await client.put(`${base}/weight`, { value: 72.36 });
    expect(weight.json()).toMatchObject({ kind: 'weight', value: 72.4, unit: 'kg' });

    // Setting again replaces the value (one goal per kind).
    expect((await client.put(`${base}/steps`, { value: 10000 })).json().value).toBe(10000);

    const list = (await client.get(base)).json().goals as Array<{ kind: string; value: number }>;
    expect(list.map((g) => [g.kind, g.value]).sort()).toEqual([
      ['sleep_duration', 28800],
      ['steps', 10000],
      ['weight', 72.4],
    ]);

    const del = await client.delete(`${base}/steps`);
    expect(del.statusCode).toBe(204);
    expect((await client.delete(`${base}/steps`)).statusCode).toBe(404);
    const after = (await client.get(base)).json().goals as Array<{ kind: string }>;
    expect(after.map((g) => g.kind).sort()).toEqual(['sleep_duration', 'weight']);
  });

  it('refuses bad input with the error format and stores nothing', async () => {
    const { client } = await createTestUser(t);
    const bad: Array<[string, unknown]> = [
      ['calories', { value: 2000 }], // unknown kind
      ['steps', { value: 50 }], // below range
      ['steps', { value: 1_000_000 }], // above range
      ['steps', { value: 8000.5 }], // steps are whole
      ['sleep_duration', { value: 20 * 3600 }],
      ['weight', { value: 2 }],
      ['weight', { value: 'NaN' }],
      ['weight', { value: '72' }],
      ['steps', { value: null }],
      ['steps', { value: true }],
      ['steps', {}],
      ['steps', { value: 8000, extra: 1 }],
      ['steps', [8000]],
    ];
    for (const [kind, body] of bad) {
      const res = await client.put(`${base}/${kind}`, body);
      expect(res.statusCode, `${kind} ${JSON.stringify(body)}`).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    const raw = await client.put(`${base}/steps`, 'NaN', { headers: { 'content-type': 'application/json' } });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().error).toBeDefined();
    // The refusal does not echo the value.
    const range = await client.put(`${base}/weight`, { value: 987.6 });
    expect(range.body).not.toContain('987.6');
    expect((await client.delete(`${base}/calories`)).statusCode).toBe(400);
    expect((await client.get(base)).json()).toEqual({ goals: [] });
  });

  it('lets each user reach only their own goals', async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    await alice.client.put(`${base}/steps`, { value: 12000 });
    await bob.client.put(`${base}/weight`, { value: 80 });

    const bobs = (await bob.client.get(base)).json().goals as Array<{ kind: string; value: number }>;
    expect(bobs).toEqual([expect.objectContaining({ kind: 'weight', value: 80 })]);
    // Bob deleting "steps" reaches his own (absent) goal, never Alice's.
    expect((await bob.client.delete(`${base}/steps`)).statusCode).toBe(404);
    // Bob setting "steps" creates his own and leaves Alice's untouched.
    await bob.client.put(`${base}/steps`, { value: 3000 });
    const alices = (await alice.client.get(base)).json().goals as Array<{ kind: string; value: number }>;
    expect(alices).toEqual([expect.objectContaining({ kind: 'steps', value: 12000 })]);
  });

  it('needs a signed-in user, and health:read / health:write on a token', async () => {
    expect((await t.client().get(base)).statusCode).toBe(401);
    const owner = await createTestUser(t);
    const mk = async (scopes: string[]) => {
      const res = await owner.client.post('/api/me/tokens', { name: `g-${scopes.join('-')}`, scopes });
      expect(res.statusCode, res.body).toBe(201);
      return owner.client.bearer(res.json().token as string);
    };
    const reader = await mk(['health:read']);
    const writer = await mk(['health:write']);
    const denied = await reader.put(`${base}/steps`, { value: 9000 });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('insufficient_scope');
    expect((await writer.put(`${base}/steps`, { value: 9000 })).statusCode).toBe(200);
    expect((await writer.get(base)).statusCode).toBe(403);
    expect((await reader.get(base)).json().goals).toEqual([expect.objectContaining({ value: 9000 })]);
    expect((await reader.delete(`${base}/steps`)).statusCode).toBe(403);
  });

  it('refuses to store a goal for an account that may not store health data', async () => {
    const { client } = await createTestUser(t, { state: 'pending_parental_consent' });
    const res = await client.put(`${base}/steps`, { value: 8000 });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('parental_consent_pending');
  });
});
