import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffGrant, staffList, staffRevoke } from '../../../../cli/src/commands/staff';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { auditActions } from '../second-factor/second-factor.test-support';
import { createStaffMember } from './operator.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('the operator gate and staff roles (issue #16)', () => {
  it('opens the console to a staff member with a second factor, and no one else', async () => {
    const admin = await createStaffMember(t, ['operator_admin']);
    const me = await admin.client.get('/api/admin/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toEqual({
      userId: admin.user.id,
      displayName: admin.user.displayName,
      roles: ['operator_admin'],
    });

    const ordinary = await createTestUser(t);
    const refused = await ordinary.client.get('/api/admin/me');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('staff_role_required');

    const noFactor = await createStaffMember(t, ['support'], { secondFactor: false });
    const noFactorAnswer = await noFactor.client.get('/api/admin/me');
    expect(noFactorAnswer.statusCode).toBe(403);
    expect(noFactorAnswer.json().error.code).toBe('staff_second_factor_required');

    // A role's own areas only: support may not manage staff; operator_admin may everything.
    const support = await createStaffMember(t, ['support']);
    const staffPage = await support.client.get('/api/admin/staff');
    expect(staffPage.statusCode).toBe(403);
    expect(staffPage.json().error.code).toBe('staff_role_required');
    expect((await admin.client.get('/api/admin/staff')).statusCode).toBe(200);
  });

  it('grants and revokes from the console and the CLI, each in the audit trail', async () => {
    const admin = await createStaffMember(t, ['operator_admin']);
    const future = await createTestUser(t);
    const granted = await admin.client.post('/api/admin/staff/grants', {
      email: future.user.email,
      role: 'privacy_officer',
    });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json()).toEqual({ userId: future.user.id, role: 'privacy_officer', added: true });
    const listed = (await admin.client.get('/api/admin/staff')).json().staff;
    expect(listed).toContainEqual(
      expect.objectContaining({
        userId: future.user.id,
        roles: [expect.objectContaining({ role: 'privacy_officer' })],
      }),
    );
    // The list read the staff member's identity: it is in their "who accessed my data".
    const log = (await future.client.get('/api/me/access-log')).json().entries;
    expect(log[0]).toMatchObject({ actor: { type: 'operator', id: admin.user.id }, what: ['identity'] });

    const revoked = await admin.client.delete(`/api/admin/staff/${future.user.id}/roles/privacy_officer`);
    expect(revoked.statusCode, revoked.body).toBe(204);
    expect(
      (await admin.client.delete(`/api/admin/staff/${future.user.id}/roles/privacy_officer`)).statusCode,
    ).toBe(404);

    const lines: string[] = [];
    await staffGrant(t.app.ctx, { email: future.user.email, role: 'security' }, (l) => lines.push(l));
    await staffGrant(t.app.ctx, { email: future.user.email, role: 'security' }, (l) => lines.push(l));
    await staffList(t.app.ctx, (l) => lines.push(l));
    await staffRevoke(t.app.ctx, { email: future.user.email, role: 'security' }, (l) => lines.push(l));
    expect(lines.join('\n')).toMatch(/granted security[\s\S]*already holds security[\s\S]*revoked security/);

    const actions = (await auditActions(t, future.user.id)).reverse(); // oldest first
    expect(actions.filter((a) => a.startsWith('staff_role_'))).toEqual([
      'staff_role_granted',
      'staff_role_revoked',
      'staff_role_granted',
      'staff_role_revoked',
    ]);
  });

  it('a revoked role is refused on the next request, and the last operator admin stays', async () => {
    const admin = await createStaffMember(t, ['operator_admin']);
    const other = await createStaffMember(t, ['operator_admin', 'security']);
    expect((await other.client.get('/api/admin/me')).statusCode).toBe(200);
    await admin.client.delete(`/api/admin/staff/${other.user.id}/roles/operator_admin`);
    expect((await other.client.get('/api/admin/staff')).json().error.code).toBe('staff_role_required');
    expect((await other.client.get('/api/admin/me')).json().roles).toEqual(['security']);

    // Every other operator admin gone, the last one cannot remove their own role.
    const admins = (await admin.client.get('/api/admin/staff')).json().staff as Array<{
      userId: string;
      roles: Array<{ role: string }>;
    }>;
    for (const s of admins) {
      if (s.userId !== admin.user.id && s.roles.some((r) => r.role === 'operator_admin'))
        await admin.client.delete(`/api/admin/staff/${s.userId}/roles/operator_admin`);
    }
    const last = await admin.client.delete(`/api/admin/staff/${admin.user.id}/roles/operator_admin`);
    expect(last.statusCode).toBe(409);
    expect(last.json().error.code).toBe('last_operator_admin');
  });
});
