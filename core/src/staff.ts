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

/** GET /api/me/staff-roles: the signed-in user's own roles, empty for a user who is not staff. */
export const myStaffRolesSchema = z.object({ roles: z.array(staffRoleSchema) });

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

/**
 * POST /api/admin/users/lookup: one account by its exact email or id, with the reason the staff
 * member gives (recorded in the user's access log). A POST so neither the address nor the id is in a URL.
 */
export const adminUserLookupBody = z.strictObject({
  query: z.string().trim().min(3).max(320),
  purpose: z.string().trim().min(3).max(300),
});
/** The account's metadata only: no health data, no profile beyond what running the service needs. */
export const adminUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  state: z.string(),
  emailVerified: z.boolean(),
  createdAt: z.string(),
  lastActiveAt: z.string().nullable(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

/** GET /api/admin/service: counts only (no one's data), and the job queue's health per queue. */
export const serviceHealthSchema = z.object({
  counts: z.object({ users: z.number(), devices: z.number(), readings: z.number() }),
  queues: z.array(
    z.object({
      name: z.string(),
      queued: z.number(),
      active: z.number(),
      failed: z.number(),
      completed: z.number(),
      lastFailedAt: z.string().nullable(),
    }),
  ),
});
export type ServiceHealth = z.infer<typeof serviceHealthSchema>;

/** GET /api/admin/privacy-requests: the queue, oldest due first, without content (privacy officer). */
export const adminPrivacyQueueSchema = z.object({
  requests: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      status: z.string(),
      dueOn: z.string(),
      overdue: z.boolean(),
      createdAt: z.string(),
    }),
  ),
});
export type AdminPrivacyQueue = z.infer<typeof adminPrivacyQueueSchema>;

/** GET /api/admin/partner-apps: the catalog of partner apps (no user's data: owners are not named). */
export const adminPartnerAppSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  public: z.boolean(),
  scopes: z.array(z.string()),
  redirectUris: z.array(z.string()),
  /** Registered by the operator (true) or by a developer's account. */
  byOperator: z.boolean(),
  createdAt: z.string(),
  /** Disabled by the operator (kept, not removed): when and why; null when it works. */
  disabled: z.object({ at: z.string(), reason: z.string() }).nullable(),
});
export type AdminPartnerApp = z.infer<typeof adminPartnerAppSchema>;

/** POST /api/admin/partner-apps/:clientId/disable: why (shown to the app's users in their privacy center). */
export const partnerAppDisableBody = z.strictObject({ reason: z.string().trim().min(3).max(500) });
