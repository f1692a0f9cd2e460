import type { StaffRole } from '@vitalbase/core';
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { staffRoles } from './operator.schema';

export type StaffRoleRow = typeof staffRoles.$inferSelect;

export function createStaffRolesRepo(db: Executor) {
  return {
    /** One staff member's roles: a primary-key range, read on every console request. */
    async rolesOf(userId: string, tx: Executor = db): Promise<StaffRole[]> {
      const rows = await tx
        .select({ role: staffRoles.role })
        .from(staffRoles)
        .where(eq(staffRoles.userId, userId))
        .orderBy(asc(staffRoles.role));
      return rows.map((r) => r.role);
    },
    /** True when the row is new (granting a role held already changes nothing). */
    async grant(row: typeof staffRoles.$inferInsert, tx: Executor = db): Promise<boolean> {
      const added = await tx
        .insert(staffRoles)
        .values(row)
        .onConflictDoNothing()
        .returning({ role: staffRoles.role });
      return added.length > 0;
    },
    /** True when the role was held. */
    async revoke(userId: string, role: StaffRole, tx: Executor = db): Promise<boolean> {
      const gone = await tx
        .delete(staffRoles)
        .where(and(eq(staffRoles.userId, userId), eq(staffRoles.role, role)))
        .returning({ role: staffRoles.role });
      return gone.length > 0;
    },
    async list(tx: Executor = db): Promise<StaffRoleRow[]> {
      return tx.select().from(staffRoles).orderBy(asc(staffRoles.userId), asc(staffRoles.role));
    },
  };
}
