import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { accessUserData } from '../access-log';
import { privacyJobs } from '../erasure';
import { enrolTotp, totpCodeAt } from '../second-factor/second-factor.test-support';
import { createStaffService } from './staff.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const DAY = 24 * 3600_000;

describe("a staff member's erasure and users' access logs (issue #16)", () => {
  it('names the staff member while the account exists, and only the role once it is erased', async () => {
    const officer = await createTestUser(t, { displayName: 'Olga Officer' });
    const { secret } = await enrolTotp(t, officer);
    await createStaffService(t.app.ctx).grant(officer.user.email, 'privacy_officer', 'cli');
    const user = await createTestUser(t);
    const lookup = await officer.client.post('/api/admin/users/lookup', {
      query: user.user.email,
      purpose: 'rectification request',
    });
    expect(lookup.statusCode, lookup.body).toBe(200);
    // A support read written before names were resolved at read time: the name is in the row itself.
    await accessUserData(
      t.app.ctx,
      {
        actor: { type: 'support', id: officer.user.id, name: 'Vitalbase support — Olga Officer' },
        userId: user.user.id,
        purpose: 'support request: account',
        what: ['identity'],
      },
      async () => null,
    );
    const actors = async () =>
      ((await user.client.get('/api/me/access-log')).json().entries as Array<{ actor: unknown }>).map(
        (e) => e.actor,
      );
    expect(await actors()).toEqual([
      { type: 'support', id: officer.user.id, name: 'Vitalbase support — Olga Officer' },
      { type: 'operator', id: officer.user.id, name: 'Vitalbase operator — Olga Officer' },
    ]);

    // The officer erases their account; after the 7 days, the purge.
    t.clock.advance(60_000);
    const erase = await officer.client.post('/api/me/erasure', {
      currentPassword: officer.password,
      secondFactorCode: totpCodeAt(secret, t.clock.now()),
    });
    expect(erase.statusCode, erase.body).toBe(202);
    t.clock.advance(8 * DAY);
    const purge = privacyJobs.find((j) => j.name === 'privacy.purge-erasure-requests')!;
    expect(await purge.run(t.app.ctx, {})).toBe(1);

    expect(await actors()).toEqual([
      { type: 'support', id: officer.user.id, name: 'Support staff (account closed)', accountClosed: true },
      { type: 'operator', id: officer.user.id, name: 'Operator staff (account closed)', accountClosed: true },
    ]);
    // Nothing the access log stores for the new read names the officer.
    const { rows } = await t.database.raw.query<{ actor_name: string }>(
      `SELECT actor_name FROM data_access_log WHERE user_id = $1 AND actor_type = 'operator'`,
      [user.user.id],
    );
    expect(rows).toEqual([{ actor_name: 'Vitalbase operator' }]);
  });
});
