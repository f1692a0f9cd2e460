import type { Db } from '../../db/client';
import { AppError, NotFound } from '../../lib/errors';
import type { Mailer } from '../mail';
import type { UsersRepo } from '../accounts';
import type { MemberOf } from './devices.service';
import type { HouseholdRepo, InboxRow } from './household.repo';
import type { IngestPort } from './sync.service';
import { householdMailsIn } from './household-mail';

export interface HouseholdView {
  name: string;
  members: Array<{ userId: string; displayName: string; status: 'owner' | 'invited' | 'active' }>;
}
export interface MembershipView {
  ownerUserId: string;
  householdName: string;
  ownerDisplayName: string;
  status: 'invited' | 'active';
}
export interface InboxItemView {
  id: string;
  householdOwnerId: string;
  deviceId: string;
  reason: 'ambiguous' | 'unmatched';
  takenAt: string;
  weightKg: number;
  receivedAt: string;
}

/**
 * The people who share a scale. The owner invites existing users by email; an invitee accepts or
 * declines; either side can end the membership. Members see the household's unattributed weigh-ins and
 * claim (stored as theirs) or discard them; attributed weigh-ins are only ever in one member's account.
 */
export function createHouseholdService(deps: {
  db: Db;
  repo: HouseholdRepo;
  users: Pick<UsersRepo, 'findByEmail' | 'findById'>;
  mailer: Pick<Mailer, 'send'>;
  ingest: IngestPort;
  publicUrl: string;
  now: () => Date;
}) {
  const { repo, users, now } = deps;

  /** The households whose inbox a user may see: their own and those they are an active member of. */
  async function householdsOf(userId: string): Promise<string[]> {
    const active = (await repo.memberships(userId))
      .filter((m) => m.status === 'active')
      .map((m) => m.ownerUserId);
    return [userId, ...active];
  }

  /** The households the user was invited to or belongs to, with their names. */
  async function membershipsOf(userId: string): Promise<MembershipView[]> {
    const memberships: MembershipView[] = [];
    for (const m of await repo.memberships(userId)) {
      const h = await repo.find(m.ownerUserId);
      const owner = await users.findById(m.ownerUserId);
      if (h && owner) {
        memberships.push({
          ownerUserId: m.ownerUserId,
          householdName: h.name,
          ownerDisplayName: owner.displayName,
          status: m.status,
        });
      }
    }
    return memberships;
  }

  async function findInboxItem(userId: string, id: string): Promise<InboxRow> {
    for (const ownerId of await householdsOf(userId)) {
      const item = await repo.inboxItem(ownerId, id);
      if (item) return item;
    }
    throw new NotFound('Weigh-in');
  }

  return {
    /** The households the user is an active member of, with their names (for their shared scales). */
    async activeHouseholds(userId: string): Promise<MemberOf[]> {
      return (await membershipsOf(userId))
        .filter((m) => m.status === 'active')
        .map((m) => ({
          ownerUserId: m.ownerUserId,
          name: m.householdName,
          ownerDisplayName: m.ownerDisplayName,
        }));
    },

    async get(userId: string): Promise<{ household: HouseholdView | null; memberships: MembershipView[] }> {
      const own = await repo.find(userId);
      let household: HouseholdView | null = null;
      if (own) {
        const me = await users.findById(userId);
        const members: HouseholdView['members'] = [
          { userId, displayName: me?.displayName ?? '', status: 'owner' },
        ];
        for (const m of await repo.members(userId)) {
          const u = await users.findById(m.memberUserId);
          if (u) members.push({ userId: u.id, displayName: u.displayName, status: m.status });
        }
        household = { name: own.name, members };
      }
      return { household, memberships: await membershipsOf(userId) };
    },

    async rename(userId: string, name: string) {
      await repo.upsert(userId, name.trim());
    },

    /**
     * The answer is the same whether or not the email has an account; an existing user gets a mail
     * and sees the invitation in the app.
     */
    async invite(ownerId: string, email: string): Promise<void> {
      const invitee = await users.findByEmail(email);
      if (!invitee || invitee.id === ownerId) return;
      const owner = await users.findById(ownerId);
      await deps.db.transaction(async (tx) => {
        if (!(await repo.find(ownerId, tx)))
          await repo.upsert(ownerId, `${owner?.displayName ?? 'My'} household`, tx);
        await repo.invite(ownerId, invitee.id, now(), tx);
      });
      await deps.mailer.send({
        userId: invitee.id,
        to: invitee.email,
        kind: 'household-invitation',
        ...householdMailsIn(invitee.locale).invitation(owner?.displayName, `${deps.publicUrl}/devices`),
      });
    },

    async accept(memberId: string, ownerId: string): Promise<void> {
      const m = await repo.membership(memberId, ownerId);
      if (!m) throw new NotFound('Invitation');
      if (m.status === 'active') return;
      await deps.db.transaction((tx) => repo.activate(ownerId, memberId, now(), tx));
    },

    /** The member declines or leaves. */
    async leave(memberId: string, ownerId: string): Promise<void> {
      if (!(await repo.membership(memberId, ownerId))) throw new NotFound('Membership');
      await deps.db.transaction((tx) => repo.remove(ownerId, memberId, tx));
    },

    /** The owner removes a member (or withdraws an invitation). */
    async removeMember(ownerId: string, memberId: string): Promise<void> {
      if (!(await repo.membership(memberId, ownerId))) throw new NotFound('Member');
      await deps.db.transaction((tx) => repo.remove(ownerId, memberId, tx));
    },

    async inbox(userId: string): Promise<InboxItemView[]> {
      const items: InboxItemView[] = [];
      for (const ownerId of await householdsOf(userId)) {
        for (const p of await repo.inbox(ownerId)) {
          items.push({
            id: p.id,
            householdOwnerId: p.userId,
            deviceId: p.deviceId,
            reason: p.reason,
            takenAt: p.takenAt,
            weightKg: p.weightKg,
            receivedAt: p.receivedAt.toISOString(),
          });
        }
      }
      return items;
    },

    /** Stored as the claimant's weigh-in, in one transaction with its removal from the inbox. */
    async claim(userId: string, id: string): Promise<{ status: 'stored' | 'duplicate'; ref?: string }> {
      const item = await findInboxItem(userId, id);
      return deps.db.transaction(async (tx) => {
        if (!(await repo.takeInboxItem(item.userId, item.id, tx))) throw new NotFound('Weigh-in');
        const { results } = await deps.ingest.ingest(
          userId,
          { source: 'device', deviceId: item.deviceId, deviceKind: 'scale' },
          [item.item],
          tx,
        );
        const r = results[0];
        if (!r || r.status === 'rejected') {
          throw new AppError(422, 'item_rejected', 'This weigh-in cannot be stored.', r?.errors ?? []);
        }
        return { status: r.status, ref: r.ref };
      });
    },

    async discard(userId: string, id: string): Promise<void> {
      const item = await findInboxItem(userId, id);
      if (!(await repo.takeInboxItem(item.userId, item.id))) throw new NotFound('Weigh-in');
    },
  };
}
