import { staffRoleNames } from '@vitalbase/core';
import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { userIdColumn } from '../../db/columns';

/** The operator's staff roles (issue #16): the names are core's (core/src/staff.ts), the contract. */
export { staffRoleNames };

/**
 * A role held by one staff member (an ordinary account). Keyed by the staff member, so "my roles" on
 * every console request is one primary-key range. Revoking deletes the row (the next request is
 * refused); every grant and revocation is in the audit log, which is where history lives.
 */
export const staffRoles = pgTable(
  'staff_roles',
  {
    userId: userIdColumn(),
    role: text('role', { enum: staffRoleNames }).notNull(),
    /** The operator admin who granted it; null when granted from the CLI (the first admin). */
    grantedBy: uuid('granted_by'),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);
