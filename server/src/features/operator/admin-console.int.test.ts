import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createStaffMember } from './operator.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const accessLog = async (user: Awaited<ReturnType<typeof createTestUser>>) =>
  (await user.client.get('/api/me/access-log')).json().entries as Array<{
    actor: { type: string; id: string; name: string };
    purpose: string;
    what: string[];
  }>;

describe('the console areas (issue #16)', () => {
  it("looks an account up by exact email or id: metadata only, in the user's access log", async () => {
    const officer = await createStaffMember(t, ['privacy_officer']);
    const user = await createTestUser(t);
    const found = await officer.client.post('/api/admin/users/lookup', {
      query: user.user.email,
      purpose: 'rectification request',
    });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toEqual({
      id: user.user.id,
      email: user.user.email,
      displayName: user.user.displayName,
      state: 'active',
      emailVerified: true,
      createdAt: user.user.createdAt.toISOString(),
      lastActiveAt: null,
    });
    const byId = await officer.client.post('/api/admin/users/lookup', {
      query: user.user.id,
      purpose: 'check',
    });
    expect(byId.json().email).toBe(user.user.email);
    const log = await accessLog(user);
    expect(log).toHaveLength(2);
    expect(log[1]).toMatchObject({
      actor: {
        type: 'operator',
        id: officer.user.id,
        name: `Vitalbase operator — ${officer.user.displayName}`,
      },
      purpose: 'account administration: rectification request',
      what: ['identity', 'account_state'],
    });
    // An unknown address reads nothing; support (tickets only) may not search accounts.
    const unknown = await officer.client.post('/api/admin/users/lookup', {
      query: 'nobody@example.test',
      purpose: 'check',
    });
    expect(unknown.statusCode).toBe(404);
    const support = await createStaffMember(t, ['support']);
    expect(
      (await support.client.post('/api/admin/users/lookup', { query: user.user.email, purpose: 'x y z' }))
        .statusCode,
    ).toBe(403);
    expect(await accessLog(user)).toHaveLength(2);
  });

  it('the privacy request queue: list without content, read (logged) and answer (mailed)', async () => {
    const officer = await createStaffMember(t, ['privacy_officer']);
    const user = await createTestUser(t);
    const filed = await user.client.post('/api/me/privacy-requests', {
      kind: 'rectification',
      message: 'My birth date is wrong, please fix it.',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id as string;
    const queue = await officer.client.get('/api/admin/privacy-requests');
    expect(queue.statusCode, queue.body).toBe(200);
    const listed = queue.json().requests.find((q: { id: string }) => q.id === id);
    expect(listed).toMatchObject({ kind: 'rectification', status: 'open', overdue: false });
    expect(queue.body).not.toContain('birth date');
    expect(await accessLog(user)).toHaveLength(0);

    const shown = await officer.client.get(`/api/admin/privacy-requests/${id}`);
    expect(shown.json()).toMatchObject({
      message: 'My birth date is wrong, please fix it.',
      user: { id: user.user.id },
    });
    const answered = await officer.client.post(`/api/admin/privacy-requests/${id}/answer`, {
      status: 'done',
      message: 'Fixed.',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'done', answer: 'Fixed.' });
    await t.smtp.waitFor(user.user.email);
    const log = await accessLog(user);
    expect(log.map((e) => e.purpose)).toEqual([
      'answering a privacy request (the operator console: done)',
      'answering a privacy request (the operator console)',
    ]);
    expect(log[0]?.actor.id).toBe(officer.user.id);
  });

  it('service counts and job queues, for security and operator admins', async () => {
    const security = await createStaffMember(t, ['security']);
    const res = await security.client.get('/api/admin/service');
    expect(res.statusCode, res.body).toBe(200);
    const users = (await t.database.raw.query<{ n: string }>('SELECT count(*) AS n FROM users')).rows[0]?.n;
    expect(res.json().counts.users).toBe(Number(users));
    expect(res.json().queues).toEqual(expect.any(Array));
    const privacy = await createStaffMember(t, ['privacy_officer']);
    expect((await privacy.client.get('/api/admin/service')).statusCode).toBe(403);
  });
});
