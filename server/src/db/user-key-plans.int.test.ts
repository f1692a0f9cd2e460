import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { is } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceCall, makeUnit, pairUnit, syncKey, weighIn } from '../features/devices/devices.test-support';
import { createHealthDataIngest } from '../features/health-data';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../test/harness';
import { connectPartner, registerTestPartnerApp } from '../test/partner-harness';
import { countStatements } from '../test/statement-counter';
import { GLOBAL_TABLE_EXCEPTIONS } from './global-tables';
import * as schema from './schema';

/**
 * Citus-ready, checked on the plans (issue #19, docs/scaling.md#sharding-by-user-citus): every statement
 * the main requests send (latest readings, chart series, a device sync's upserts, the partner API's
 * getmeas) reads and writes the tables distributed by user_id through ONE user key: each scan of such a
 * table filters on `user_id = <one value>` and each insert names user_id, so Citus would route the
 * statement to one shard. The schema rule (schema-rules.test.ts) makes it possible; this keeps the
 * queries to it. `PRINT_PLANS=1` prints every plan (docs/scaling.md shows them on PostgreSQL):
 *   PRINT_PLANS=1 node scripts/with-postgres.mjs npx vitest run server/src/db/user-key-plans.int.test.ts
 */
const distributed = new Set(
  (Object.values(schema) as unknown[])
    .filter((v): v is PgTable => is(v, PgTable))
    .map((t) => getTableConfig(t))
    .filter((c) => c.columns.some((col) => col.name === 'user_id') && !GLOBAL_TABLE_EXCEPTIONS[c.name])
    .map((c) => c.name),
);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Operation?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

/** One user's key: `user_id = <a constant or a parameter>`, not a list, a range or a join alone. */
const ONE_USER = /\buser_id = ('[0-9a-f-]{36}'::uuid|\$\d+)/;
/** A co-located join on the distribution column (`d.user_id = ce.user_id`): one shard with its partner. */
const CO_LOCATED = /\buser_id = \w+\.user_id\b/;

const conditionsOf = (node: PlanNode) =>
  [node['Index Cond'], node['Recheck Cond'], node.Filter, ...(node.Plans ?? []).map((p) => p['Index Cond'])]
    .filter(Boolean)
    .join(' ');

/**
 * The scans and writes of distributed tables in a statement's plan that are not tied to one user key.
 * A scan is tied by `user_id = <value>`, or by a co-located join on user_id when the statement has a
 * one-user key elsewhere (Citus then routes the whole statement to that user's shard); an insert by
 * naming user_id among its columns (Citus routes each row by its value).
 */
function fanOuts(plan: PlanNode, statement: string): string[] {
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  const problems: string[] = [];
  let anchored = false;
  const joinedOnly: string[] = [];
  for (const node of nodes) {
    const table = node['Relation Name'];
    if (!table || !distributed.has(table)) continue;
    if (node['Node Type'] === 'ModifyTable') {
      if (node.Operation !== 'Insert') continue; // an update's or delete's scan is its child node
      const columns = new RegExp(
        `insert\\s+into\\s+"?${table}"?\\s*(?:as\\s+\\w+\\s*)?\\(([^)]*)\\)`,
        'i',
      ).exec(statement);
      if (columns && /\buser_id\b/.test(columns[1]!)) anchored = true;
      else problems.push(`insert into ${table} without user_id`);
      continue;
    }
    const conditions = conditionsOf(node);
    if (ONE_USER.test(conditions)) anchored = true;
    else if (CO_LOCATED.test(conditions)) joinedOnly.push(`${node['Node Type']} on ${table}: ${conditions}`);
    else problems.push(`${node['Node Type']} on ${table}: ${conditions || 'no condition'}`);
  }
  if (!anchored) problems.push(...joinedOnly.map((p) => `${p} (joined on user_id, but to no one user)`));
  return problems;
}

const tablesOf = (node: PlanNode): string[] => [
  ...(node['Relation Name'] ? [node['Relation Name']] : []),
  ...(node.Plans ?? []).flatMap(tablesOf),
];

let t: TestApp;
let alice: TestUser;
let requests: Array<[name: string, run: () => Promise<{ statusCode: number; body: string }>]>;

beforeAll(async () => {
  t = await createTestApp();
  alice = await createTestUser(t, { timeZone: 'Europe/Paris' });
  const now = t.clock.now().getTime();
  const day = 86_400_000;
  const minute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
  const ingest = createHealthDataIngest(t.app.ctx);
  const stored = await ingest.ingest(alice.user.id, { source: 'manual' }, [
    ...Array.from({ length: 20 }, (_, i) => weighIn(new Date(now - i * day).toISOString(), 70 + i / 10)),
  ] as never);
  expect(stored.results.every((r) => r.status === 'stored')).toBe(true);
  const scale = await pairUnit(alice.client, await makeUnit(t, 'vb-scale-body'));
  const watch = await pairUnit(alice.client, await makeUnit(t, 'vb-watch'));
  const heartRate = (start: number) => ({
    kind: 'series',
    metric: 'heart_rate',
    unit: 'bpm',
    start: minute(start),
    intervalSeconds: 60,
    values: Array.from({ length: 120 }, (_, i) => 60 + (i % 20)),
  });
  // A first sync, so the measured ones update existing rows (the steady state) as well as insert.
  await deviceCall(t, watch.credential, '/api/device/sync', { items: [heartRate(now - 3 * day)] }, syncKey());
  const partner = await registerTestPartnerApp(t, { scopes: ['user.metrics'] });
  const tokens = await connectPartner(t, alice, partner, ['user.metrics']);
  const iso = (ms: number) => new Date(ms).toISOString();
  requests = [
    [
      'latest 30 days of readings',
      () =>
        alice.client.get(
          `/api/health-data/readings?metric=weight&from=${iso(now - 30 * day)}&to=${iso(now)}`,
        ),
    ],
    [
      'chart series (heart rate, 7 days)',
      () =>
        alice.client.get(
          `/api/health-data/timeseries?metric=heart_rate&from=${iso(now - 7 * day)}&to=${iso(now)}`,
        ),
    ],
    [
      'sync upsert (scale: a weigh-in)',
      () =>
        deviceCall(
          t,
          scale.credential,
          '/api/device/sync',
          { items: [weighIn(iso(now - 60_000), 71)] },
          syncKey(),
        ),
    ],
    [
      'sync upsert (watch: heart rate series)',
      () =>
        deviceCall(
          t,
          watch.credential,
          '/api/device/sync',
          { items: [heartRate(now - 3 * day + 3_600_000)] },
          syncKey(),
        ),
    ],
    [
      'getmeas (partner API)',
      () =>
        t.app.inject({
          method: 'POST',
          url: '/wbsapi/v2/measure',
          headers: { authorization: `Bearer ${tokens.accessToken}` },
          payload: {
            action: 'getmeas',
            startdate: String(Math.floor((now - 30 * day) / 1000)),
            enddate: String(Math.floor(now / 1000)),
          },
        }),
    ],
  ];
});
afterAll(() => t?.close());

describe('the main queries each touch one user key (Citus router queries)', () => {
  it('finds the distributed tables of the schema', () => {
    expect([...distributed]).toEqual(
      expect.arrayContaining(['health_readings', 'health_series_days', 'sessions']),
    );
  });

  it('every scan of a distributed table filters on one user_id; every insert names it', async () => {
    const found: string[] = [];
    for (const [name, run] of requests) {
      const { result, statements, params } = await countStatements(t.database, run);
      expect(result.statusCode, `${name}: ${result.body.slice(0, 300)}`).toBeLessThan(300);
      const touched = new Set<string>();
      for (const [i, statement] of statements.entries()) {
        const { rows } = await t.database.raw.query<Record<string, unknown>>(
          `EXPLAIN (FORMAT JSON) ${statement}`,
          params[i],
        );
        const cell = Object.values(rows[0]!)[0];
        const plan = (typeof cell === 'string' ? JSON.parse(cell) : cell)[0].Plan as PlanNode;
        for (const table of tablesOf(plan)) touched.add(table);
        found.push(...fanOuts(plan, statement).map((p) => `${name}: ${p}\n  ${statement}`));
        if (process.env.PRINT_PLANS) {
          const text = await t.database.raw.query<Record<string, string>>(`EXPLAIN ${statement}`, params[i]);
          console.log(
            `-- ${name}\n${statement}\n${text.rows.map((r) => `  ${Object.values(r)[0]}`).join('\n')}\n`,
          );
        }
      }
      // Each request reads or writes some user's data: an empty capture would make the check pass idly.
      expect(
        [...touched].filter((table) => distributed.has(table)),
        name,
      ).not.toEqual([]);
    }
    expect(found).toEqual([]);
  });

  it('the checker catches a fan-out: a scan over every user, or several users at once', async () => {
    for (const sql of [
      'SELECT count(*) FROM health_readings',
      `SELECT * FROM health_readings WHERE user_id = ANY($1::uuid[])`,
    ]) {
      const values = sql.includes('$1') ? [[alice.user.id, alice.user.id]] : [];
      const { rows } = await t.database.raw.query<Record<string, unknown>>(
        `EXPLAIN (FORMAT JSON) ${sql}`,
        values,
      );
      const cell = Object.values(rows[0]!)[0];
      const plan = (typeof cell === 'string' ? JSON.parse(cell) : cell)[0].Plan as PlanNode;
      expect(fanOuts(plan, sql), sql).not.toEqual([]);
    }
  });
});
