import { type StaffRole, staffMay } from '@vitalbase/core';
import type { FastifyRequest } from 'fastify';
import { requireSession } from '../../lib/auth';
import { staffActorLabel } from '../access-log';
import type { AppContext } from '../../lib/context';
import { Forbidden } from '../../lib/errors';
import { createUsersRepo } from '../accounts';
import { requireSessionSecondFactor } from '../second-factor';
import { createStaffRolesRepo } from './staff-roles.repo';

/** A staff member of the operator, as the gate found them on this request. */
export interface OperatorActor {
  userId: string;
  displayName: string;
  roles: StaffRole[];
}

/**
 * The gate of every console API (issue #16, P26 least privilege), the same shape as the clinics' gate
 * (clinics/clinic-access.ts): a browser session (never a token) that finished signing in, on an
 * account with a second factor on whose session passed it (second-factor/session-factor.ts), that
 * holds one of `roles` now (a revoked role is refused on the next request; `operator_admin` opens every
 * area, core/src/staff.ts). With no role argument, any staff role passes (the console's "who am I").
 * Not staff: 403 `staff_role_required` (the console's existence is no secret: it is in the docs).
 */
export function createOperatorGate(ctx: Pick<AppContext, 'database'>) {
  const db = ctx.database.db;
  const staff = createStaffRolesRepo(db);
  const users = createUsersRepo(db);

  return {
    async require(req: FastifyRequest, ...roles: StaffRole[]): Promise<OperatorActor> {
      const auth = requireSession(req);
      const { userId } = auth;
      const held = await staff.rolesOf(userId);
      if (held.length === 0 || (roles.length > 0 && !staffMay(held, roles))) {
        throw new Forbidden('This needs a staff role you do not hold.', 'staff_role_required');
      }
      await requireSessionSecondFactor(
        db,
        auth,
        () =>
          new Forbidden(
            'Staff pages need a second factor: set one up on your security page.',
            'staff_second_factor_required',
          ),
      );
      const user = await users.findById(userId);
      return { userId, displayName: user?.displayName ?? '', roles: held };
    },
  };
}
type OperatorGate = ReturnType<typeof createOperatorGate>;

/** Who acts: a staff member in the console, or the operator at the command line (no account). */
export type StaffActorOrCli = OperatorActor | 'cli';

/**
 * The access log's actor for a staff read of a user's data. A staff member is stored by account id
 * and role only: the log names them when it is read, while their account exists, and by role once it
 * is erased (access-log/actor-names.ts) — so no name outlives the account in users' logs.
 */
export function operatorActor(by: StaffActorOrCli, type: 'operator' | 'support' = 'operator') {
  const who = staffActorLabel(type);
  if (by === 'cli') return { type, id: 'cli', name: `${who} (command line)` } as const;
  return { type, id: by.userId, name: who } as const;
}
