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
import { GLOBAL_TABLE_EXCEPTIONS } from './global-tables';
import * as schema from './schema';

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
