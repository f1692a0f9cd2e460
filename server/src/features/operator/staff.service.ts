import type { OperatorStaffMember, StaffRole } from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { Conflict, NotFound } from '../../lib/errors';
import type { RequestMeta } from '../../lib/request-meta';
import { accessUsersData } from '../access-log';
import { createUsersRepo, recordSecurityEvent } from '../accounts';
import { operatorActor, type StaffActorOrCli } from './operator-gate';
import { createStaffRolesRepo } from './staff-roles.repo';

/** Who grants: an operator admin in the console, or the command line (the first admin). */
type Granter = StaffActorOrCli;

const actorIdOf = (by: Granter) => (by === 'cli' ? 'cli' : by.userId);

/**
 * Granting and revoking staff roles (issue #16). Every change is a security event in the staff
 * member's own audit trail (the hash-chained, append-only log), with who did it and from where; the
 * staff_roles table holds only the roles in force.
 */
export function createStaffService(ctx: AppContext) {
  const db = ctx.database.db;
  const roles = createStaffRolesRepo(db);
  const users = createUsersRepo(db);

  async function accountOf(email: string) {
    const user = await users.findByEmail(email);
    if (!user) throw new NotFound('Account');
    return user;
  }

  return {
    async grant(email: string, role: StaffRole, by: Granter, meta?: RequestMeta) {
      const user = await accountOf(email);
      const added = await roles.grant({
        userId: user.id,
        role,
        grantedBy: by === 'cli' ? null : by.userId,
        grantedAt: ctx.now(),
      });
      if (added) {
        await recordSecurityEvent(ctx, meta, {
          userId: user.id,
          action: 'staff_role_granted',
          actorType: 'operator',
          actorId: actorIdOf(by),
          details: { role },
        });
      }
      return { userId: user.id, role, added };
    },

    /**
     * Removes one role; the next console request of that staff member is refused. The last
     * operator_admin is kept, so the console always has someone who can hand out roles (the CLI
     * can still grant one anyway).
     */
    async revoke(userId: string, role: StaffRole, by: Granter, meta?: RequestMeta) {
      const revoked = await db.transaction(async (tx) => {
        if (role === 'operator_admin') {
          const admins = (await roles.list(tx)).filter((r) => r.role === 'operator_admin');
          if (admins.length === 1 && admins[0]?.userId === userId) {
            throw new Conflict('The last operator admin keeps the role.', 'last_operator_admin');
          }
        }
        return roles.revoke(userId, role, tx);
      });
      if (!revoked) throw new NotFound('Staff role');
      await recordSecurityEvent(ctx, meta, {
        userId,
        action: 'staff_role_revoked',
        actorType: 'operator',
        actorId: actorIdOf(by),
        details: { role },
      });
    },

    async revokeByEmail(email: string, role: StaffRole, by: Granter, meta?: RequestMeta) {
      const user = await accountOf(email);
      await this.revoke(user.id, role, by, meta);
      return { userId: user.id, role };
    },

    /**
     * Every staff member with their roles. Their email and name are personal data of their
     * accounts: the read goes through the access point, and shows in each one's access log.
     */
    async list(by: Granter): Promise<OperatorStaffMember[]> {
      const rows = await roles.list();
      const ids = [...new Set(rows.map((r) => r.userId))];
      if (ids.length === 0) return [];
      const actor = operatorActor(by);
      return accessUsersData(
        ctx,
        ids.map((userId) => ({
          actor,
          userId,
          purpose: 'staff administration (staff roles)',
          what: ['identity'],
        })),
        async (tx) => {
          const out: OperatorStaffMember[] = [];
          for (const userId of ids) {
            const user = await users.findById(userId, tx);
            out.push({
              userId,
              email: user?.email ?? '',
              displayName: user?.displayName ?? '',
              roles: rows
                .filter((r) => r.userId === userId)
                .map((r) => ({ role: r.role, grantedAt: r.grantedAt.toISOString() })),
            });
          }
          return out;
        },
      );
    },
  };
}
