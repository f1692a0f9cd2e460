import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { auditActions } from '../second-factor/second-factor.test-support';
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

  it("policies and partner apps: the CLI services, each change in the staff member's audit trail", async () => {
    const officer = await createStaffMember(t, ['privacy_officer']);
    const before = await officer.client.get('/api/admin/policies');
    expect(before.statusCode, before.body).toBe(200);
    const privacy = before.json().documents.find((d: { document: string }) => d.document === 'privacy');
    expect(privacy.inForce).toBe('1');
    const effective = new Date(t.clock.now().getTime() + 40 * 86_400_000).toISOString().slice(0, 10);
    const published = await officer.client.post('/api/admin/policies', {
      document: 'privacy',
      version: '2',
      effectiveDate: effective,
      summary: 'Processors listed by name.',
      major: true,
      markdown: '# Privacy policy\n\nVersion 2 of the policy, with processors named.',
    });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toMatchObject({ document: 'privacy', version: '2', major: true });
    expect(await auditActions(t, officer.user.id)).toContain('staff_policy_published');
    // A privacy officer does not manage partner apps; an operator admin does.
    expect((await officer.client.get('/api/admin/partner-apps')).statusCode).toBe(403);

    const admin = await createStaffMember(t, ['operator_admin']);
    const registered = await admin.client.post('/api/admin/partner-apps', {
      name: 'Coach App',
      redirectUris: ['https://coach.example.org/callback'],
      scopes: ['user.metrics'],
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const { clientId, clientSecret } = registered.json();
    expect(clientSecret).toEqual(expect.any(String));
    const listed = (await admin.client.get('/api/admin/partner-apps')).json().apps;
    expect(listed).toContainEqual(expect.objectContaining({ clientId, name: 'Coach App', byOperator: true }));
    expect(JSON.stringify(listed)).not.toContain(clientSecret);
    expect((await admin.client.delete(`/api/admin/partner-apps/${clientId}`)).statusCode).toBe(204);
    expect((await admin.client.delete(`/api/admin/partner-apps/${clientId}`)).statusCode).toBe(404);
    const actions = await auditActions(t, admin.user.id);
    expect(actions).toContain('staff_partner_app_registered');
    expect(actions).toContain('staff_partner_app_removed');
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
