import type { AdminUser } from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { accessUserData } from '../access-log';
import { createUsersRepo } from '../accounts';
import { type OperatorActor, operatorActor } from './operator-gate';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The console's account lookup (issue #16, P26): one account by its exact email or id, never a
 * browsable list, and only its metadata. The read goes through the access point with the staff
 * member's name and the purpose they gave, so it shows in the user's "who accessed my data"; an
 * unknown address reads nothing and records nothing.
 */
export function createAdminUsersService(ctx: AppContext) {
  const users = createUsersRepo(ctx.database.db);
  return {
    async lookup(actor: OperatorActor, query: string, purpose: string): Promise<AdminUser> {
      const found = UUID.test(query)
        ? await users.findById(query.toLowerCase())
        : await users.findByEmail(query);
      if (!found) throw new NotFound('Account');
      return accessUserData(
        ctx,
        {
          actor: operatorActor(actor),
          userId: found.id,
          purpose: `account administration: ${purpose}`.slice(0, 500),
          what: ['identity', 'account_state'],
        },
        async (tx) => {
          const u = await users.findById(found.id, tx);
          if (!u) throw new NotFound('Account');
          return {
            id: u.id,
            email: u.email,
            displayName: u.displayName,
            state: u.state,
            emailVerified: Boolean(u.emailVerifiedAt),
            createdAt: u.createdAt.toISOString(),
            lastActiveAt: (u.lastActiveAt ?? u.lastLoginAt)?.toISOString() ?? null,
          };
        },
      );
    },
  };
}
