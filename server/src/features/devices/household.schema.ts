import { sql } from 'drizzle-orm';
import { jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, userIdColumn } from '../../db/columns';

/**
 * A household is named by its owner (one per owner): the people who share the owner's scale.
 * Membership is written twice, once on each side, so each user's rows stay with that user (one shard):
 * the owner's list (`household_members`, read when a weigh-in is attributed) and the member's own
 * view (`household_memberships`, read for their invitations and their inbox).
 */
export const households = pgTable('households', {
  userId: userIdColumn().primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const householdMembers = pgTable(
  'household_members',
  {
    /** The owner. */
    userId: userIdColumn(),
    memberUserId: uuid('member_user_id').notNull(),
    status: text('status', { enum: ['invited', 'active'] }).notNull(),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.memberUserId] })],
);

export const householdMemberships = pgTable(
  'household_memberships',
  {
    /** The member. */
    userId: userIdColumn(),
    ownerUserId: uuid('owner_user_id').notNull(),
    status: text('status', { enum: ['invited', 'active'] }).notNull(),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ownerUserId] })],
);

/**
 * Weigh-ins from a shared scale that matched no member, or more than one: kept with the scale's owner
 * until a member claims one (it is then stored as theirs) or discards it.
 */
export const unattributedWeighIns = pgTable(
  'unattributed_weigh_ins',
  {
    /** The scale's owner (the household). */
    userId: userIdColumn(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    deviceId: uuid('device_id').notNull(),
    deviceKind: text('device_kind').notNull(),
    reason: text('reason', { enum: ['ambiguous', 'unmatched'] }).notNull(),
    weightKg: real('weight_kg').notNull(),
    takenAt: text('taken_at').notNull(),
    item: jsonb('item').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] })],
);
