import { is } from 'drizzle-orm';
import {
  getTableConfig,
  type PgColumn,
  PgTable,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from './schema';

/**
 * Tables that may break the sharding rule, each with its reason. On Citus these are reference tables
 * (copied to every node) or the distribution column's own home. Adding one is a design decision: say why.
 * pg-boss's tables (schema `pgboss`) are not in drizzle and are not checked here: they hold job
 * metadata, and job data carries identifiers only (see jobs/job.ts).
 */
const GLOBAL_TABLE_EXCEPTIONS: Record<string, string> = {
  users: 'the account itself: its `id` is the user id every other table is distributed by',
  account_emails:
    'the global email directory (normalized email → user id): an email is unique across all users, so it cannot be sharded by user',
  device_models: 'product catalog, the same for every user (devices feature)',
  firmware_versions: 'firmware released per model, the same for every user (devices feature)',
  manufactured_units:
    'factory registry of every unit made, existing before any owner; paired_user_id only marks a unit as taken (devices feature)',
  erasure_tombstones:
    'what remains of a purged account (request and purge dates only): it must hold no user id, so it cannot be keyed by one (erasure feature)',
  policy_versions:
    'the published versions of the privacy policy and terms, the same text for every user (policies feature)',
  partner_apps:
    'OAuth client catalog: an app is registered once and connected by many users; owner_user_id only marks who manages it (oauth feature)',
  oidc_payloads:
    "oidc-provider's storage: opaque tokens and codes are looked up by their value alone, so the key cannot lead with user_id; user_id is kept and indexed for Disconnect and erasure (oauth feature)",
  partner_user_ids:
    "a user's public integer id (Withings-style `userid`) must be unique across all users, a global lookup; the row is keyed by user_id and erased with the account (oauth feature)",
  used_partner_user_ids:
    'every public integer id ever handed out, so none is reused after erasure: a bare number with no user id (oauth feature)',
  partner_app_webhooks:
    "a partner app's webhook endpoint, part of the global app catalog like partner_apps; it holds no user data (webhooks feature)",
  clinics:
    'an organisation patients share data with and staff work in: many users of both kinds, owned by none; a reference table (clinics feature)',
  clinic_invitations:
    "a clinic's invitation of staff or a patient, addressed to an email that may have no account yet and found by its secret's hash alone; it belongs to the clinic (clinics feature)",
  clinic_devices:
    "a clinic's device stock, held before any patient has it; assigned_user_id only marks who holds a unit (clinics feature)",
  maintenance_windows: 'a maintenance notice shown to every user, owned by none (lifecycle feature)',
  processors: "the operator's register of processors and transfers, the same for every user (legal feature)",
};

const SHARD_COLUMN = 'user_id';

/** What breaks the rule in one table: the primary key and each unique key must start with user_id. */
function shardingProblems(table: PgTable): string[] {
  const config = getTableConfig(table);
  const names = (columns: readonly { name: string }[]) => columns.map((c) => c.name);
  const problems: string[] = [];
  const userId = config.columns.find((c) => c.name === SHARD_COLUMN);
  if (!userId) problems.push(`has no ${SHARD_COLUMN} column`);
  else if (!userId.notNull) problems.push(`${SHARD_COLUMN} may be null`);

  const inlinePk = config.columns.filter((c) => c.primary);
  const pk = config.primaryKeys[0] ? names(config.primaryKeys[0].columns) : names(inlinePk);
  if (pk.length === 0) problems.push('has no primary key');
  else if (pk[0] !== SHARD_COLUMN)
    problems.push(`primary key (${pk.join(', ')}) does not start with user_id`);

  const uniques: Array<[string, string[]]> = [
    ...config.columns
      .filter((c: PgColumn) => c.isUnique)
      .map((c): [string, string[]] => [`unique ${c.name}`, [c.name]]),
    ...config.uniqueConstraints.map((u): [string, string[]] => [
      `unique constraint ${u.name ?? '?'}`,
      names(u.columns),
    ]),
    ...config.indexes
      .filter((i) => i.config.unique)
      .map((i): [string, string[]] => [
        `unique index ${i.config.name ?? '?'}`,
        // An expression index has no column name: it cannot start with user_id.
        i.config.columns.map((c) => ('name' in c && typeof c.name === 'string' ? c.name : '<expression>')),
      ]),
  ];
  for (const [what, columns] of uniques) {
    if (columns[0] !== SHARD_COLUMN)
      problems.push(`${what} (${columns.join(', ')}) does not start with user_id`);
  }
  return problems;
}

const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));
const tableNames = tables.map((t) => getTableConfig(t).name);

describe('schema: every table holding user data is keyed by user_id first (Citus-ready)', () => {
  it('finds the tables of the schema', () => {
    expect(tableNames).toEqual(expect.arrayContaining(['users', 'sessions', 'audit_events']));
  });

  it.each(tables.map((t) => [getTableConfig(t).name, t] as const))('%s', (name, table) => {
    if (GLOBAL_TABLE_EXCEPTIONS[name]) return;
    expect(shardingProblems(table), `table ${name}`).toEqual([]);
  });

  it('lists only exceptions that exist in the schema, each with a reason', () => {
    for (const [name, reason] of Object.entries(GLOBAL_TABLE_EXCEPTIONS)) {
      expect(tableNames, `exception ${name} is not a table of the schema: remove it`).toContain(name);
      expect(reason.length).toBeGreaterThan(20);
    }
  });
});

describe('the sharding rule checker itself', () => {
  it('accepts a table keyed and made unique by user_id first', () => {
    const good = pgTable(
      'good',
      { userId: uuid('user_id').notNull(), id: uuid('id').notNull(), slug: text('slug').notNull() },
      (t) => [primaryKey({ columns: [t.userId, t.id] }), uniqueIndex('good_slug').on(t.userId, t.slug)],
    );
    expect(shardingProblems(good)).toEqual([]);
  });

  it('reports a primary key, unique column, unique constraint and unique index not led by user_id', () => {
    const bad = pgTable(
      'bad',
      {
        id: uuid('id').primaryKey(),
        userId: uuid('user_id').notNull(),
        email: text('email').unique(),
        a: text('a'),
        b: text('b'),
      },
      (t) => [unique('bad_ab').on(t.a, t.userId), uniqueIndex('bad_b').on(t.b)],
    );
    expect(shardingProblems(bad)).toEqual([
      'primary key (id) does not start with user_id',
      'unique email (email) does not start with user_id',
      'unique constraint bad_ab (a, user_id) does not start with user_id',
      'unique index bad_b (b) does not start with user_id',
    ]);
  });

  it('reports a table without user_id or without a primary key', () => {
    const orphan = pgTable('orphan', { name: text('name') });
    expect(shardingProblems(orphan)).toEqual(['has no user_id column', 'has no primary key']);
    const nullable = pgTable('nullable', { userId: uuid('user_id'), id: text('id') }, (t) => [
      primaryKey({ columns: [t.userId, t.id] }),
    ]);
    expect(shardingProblems(nullable)).toEqual(['user_id may be null']);
  });
});
