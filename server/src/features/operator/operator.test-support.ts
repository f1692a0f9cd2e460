import type { StaffRole } from '@vitalbase/core';
import { createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { enrolTotp } from '../second-factor/second-factor.test-support';
import { createStaffService } from './staff.service';

/**
 * A staff member of the operator: an account (with a second factor unless told otherwise) holding
 * `roles`, granted as the command line grants them.
 */
export async function createStaffMember(
  t: TestApp,
  roles: StaffRole[],
  opts: { secondFactor?: boolean } = {},
): Promise<TestUser> {
  const member = await createTestUser(t);
  if (opts.secondFactor !== false) await enrolTotp(t, member);
  const staff = createStaffService(t.app.ctx);
  for (const role of roles) await staff.grant(member.user.email, role, 'cli');
  return member;
}
