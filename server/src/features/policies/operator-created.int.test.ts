import { POLICY_ACCEPTANCE_REQUIRED } from '@vitalbase/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { createUserAsOperator } from '../accounts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('an account the operator created (vitalbase user create)', () => {
  it('owes the versions in force: the gate asks the person at their first sign-in, until they accept', async () => {
    const email = `made-by-operator-${Date.now()}@example.test`;
    const password = 'Operator-Made-Lantern-61';
    const { user } = await createUserAsOperator(t.app.ctx, {
      email,
      displayName: 'Made By Operator',
      birthDate: '1980-01-01',
      country: 'FR',
      password,
    });
    const browser = t.client();
    const login = await browser.post('/api/auth/login', { email, password });
    expect(login.statusCode, login.body).toBe(200);

    // Nobody accepted on the person's behalf: nothing is listed as accepted, and data routes wait.
    expect((await browser.get('/api/me/policies/acceptances')).json()).toEqual({ acceptances: [] });
    const held = await browser.get('/api/me/goals');
    expect(held.statusCode).toBe(403);
    expect(held.json().error.code).toBe(POLICY_ACCEPTANCE_REQUIRED);
    const pending = held.json().error.details.pending as Array<{ document: string; version: string }>;
    expect(pending.map((p) => p.document).sort()).toEqual(['privacy', 'terms']);

    for (const p of pending) {
      const accepted = await browser.post('/api/me/policies/acceptances', {
        document: p.document,
        version: p.version,
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
    }
    expect((await browser.get('/api/me/goals')).statusCode).toBe(200);
    const { acceptances } = (await browser.get('/api/me/policies/acceptances')).json();
    expect(acceptances).toEqual(
      pending.map((p) =>
        expect.objectContaining({ document: p.document, version: p.version, method: 'web' }),
      ),
    );
    // Append-only: the owed record stays beside the acceptance that settled it.
    const { rows } = await t.database.raw.query<{ document: string; version: string; method: string }>(
      'SELECT document, version, method FROM policy_acceptances WHERE user_id = $1 ORDER BY document, method',
      [user.id],
    );
    expect(rows.map((r) => `${r.document} ${r.version} ${r.method}`)).toEqual(
      pending
        .sort((a, b) => a.document.localeCompare(b.document))
        .flatMap((p) => [`${p.document} owed:${p.version} owed`, `${p.document} ${p.version} web`]),
    );
  });
});
