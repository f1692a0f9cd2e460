import { z } from 'zod';

/**
 * The operator's staff roles (issue #16), least privilege: each opens only its own console areas.
 * `operator_admin` (staff, settings) also opens every other role's areas: the one who hands out the
 * roles could grant themself any of them anyway, so hiding pages from them would only add a step
 * (docs/operators.md). The names are the contract between the server's gate, the CLI and the web.
 */
export const staffRoleNames = ['operator_admin', 'support', 'privacy_officer', 'security'] as const;
export const staffRoleSchema = z.enum(staffRoleNames);
export type StaffRole = z.infer<typeof staffRoleSchema>;

/** Whether someone holding `held` may use an area open to `allowed` (operator_admin opens every area). */
export function staffMay(held: readonly StaffRole[], allowed: readonly StaffRole[]): boolean {
  return held.includes('operator_admin') || held.some((role) => allowed.includes(role));
}

/** GET /api/admin/me: the staff member the console is for, and their roles. */
export const adminMeSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  roles: z.array(staffRoleSchema),
});
export type AdminMe = z.infer<typeof adminMeSchema>;

/** GET /api/admin/staff: every staff member and their roles (operator_admin). */
export const operatorStaffMemberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.object({ role: staffRoleSchema, grantedAt: z.string() })),
});
export type OperatorStaffMember = z.infer<typeof operatorStaffMemberSchema>;
export const operatorStaffListSchema = z.object({ staff: z.array(operatorStaffMemberSchema) });

/** POST /api/admin/staff/grants: a role for the account of this email. */
export const operatorStaffGrantBody = z.strictObject({
  email: z.string().trim().min(3).max(320),
  role: staffRoleSchema,
});
export const operatorStaffGrantResultSchema = z.object({
  userId: z.string(),
  role: staffRoleSchema,
  added: z.boolean(),
});
