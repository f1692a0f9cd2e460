import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditVerify } from '../../../../cli/src/commands/audit';
import { loadConfig } from '../../config';
import { migrationsFolder, type RawSql } from '../../db/client';
import { createAppContext } from '../../lib/context';
import { deleteUserData } from '../../db/delete-user-data';
import { createUserAsOperator } from '../accounts';
import { verifyAuditChains } from './audit-chain';
import { createAuditRepo } from './audit.repo';
import { openRestrictedTestDatabase } from './restricted-database.test-support';

let t: Awaited<ReturnType<typeof openRestrictedTestDatabase>>;
beforeAll(async () => {
  t = await openRestrictedTestDatabase();
});
afterAll(() => t?.close());

async function record(userId: string, count: number, action = 'signed_in') {
  const repo = createAuditRepo(t.app.db);
  // Each insert its own statement and transaction: on PostgreSQL they run at once on the pool.
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      repo.record({ userId, actorType: 'user', action, ip: `203.0.113.${i}`, details: { i } }),
    ),
  );
}

const refusal = (raw: RawSql, text: string) =>
  raw.exec(text).then(
    () => 'allowed',
    (err: Error) => err.message,
  );

describe('the audit trail is append-only for the app and tamper-evident', () => {
  it("the app's own connection cannot delete, update, truncate it or drop its triggers", async () => {
    const userId = randomUUID();
    await record(userId, 2);
    expect(await t.app.servingRoleOwnsAuditTrail()).toBe(false);
    expect(await refusal(t.app.raw, 'DELETE FROM audit_events')).toMatch(/permission denied/);
    expect(await refusal(t.app.raw, "UPDATE audit_events SET action = 'x'")).toMatch(/permission denied/);
    expect(await refusal(t.app.raw, 'TRUNCATE audit_events')).toMatch(/permission denied/);
    for (const trigger of ['audit_events_chain', 'audit_events_append_only', 'audit_events_no_truncate']) {
      expect(await refusal(t.app.raw, `DROP TRIGGER ${trigger} ON audit_events`)).toMatch(
        /must be (the )?owner/,
      );
    }
    expect(await refusal(t.app.raw, 'ALTER TABLE audit_events DISABLE TRIGGER ALL')).toMatch(
      /must be (the )?owner/,
    );
    // TRUNCATE is refused to the owner too; only erasure's function deletes, and not a living account's.
    expect(await t.asOwner((owner) => refusal(owner, 'TRUNCATE audit_events'))).toMatch(
      /cannot be truncated/,
    );
    const { user } = await createUserAsOperator(
      createAppContext({ config: loadConfig({ LOG_LEVEL: 'silent' }), database: t.app }),
      {
        email: `living-${userId}@example.test`,
        displayName: 'Living',
        birthDate: '1980-01-01',
        country: 'FR',
      },
    );
    await record(user.id, 1);
    expect(await refusal(t.app.raw, `SELECT vitalbase_purge_user_audit('${user.id}')`)).toMatch(
      /existing account/,
    );
    const { rows } = await t.app.raw.query('SELECT count(*)::int AS n FROM audit_events WHERE user_id = $1', [
      userId,
    ]);
    expect(rows).toEqual([{ n: 2 }]);
  });

  it('hands a job-queue schema made by the owner (before the roles were split) to the serving role', async () => {
    await t.asOwner((owner) =>
      owner.exec(`DROP SCHEMA IF EXISTS pgboss CASCADE; ${PgBoss.getConstructionPlans('pgboss')}`),
    );
    await t.app.migrate();
    const { rows } = await t.app.raw.query<{ foreign: number }>(
      `SELECT count(*)::int AS foreign FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'pgboss' AND c.relkind IN ('r', 'p') AND NOT pg_has_role(c.relowner, 'USAGE')`,
    );
    expect(rows).toEqual([{ foreign: 0 }]);
    // The queue adds a partition per queue at run time: only the tables' owner may.
    await t.app.raw.query(`SELECT pgboss.create_queue('audit_test', '{"policy":"standard"}'::json)`);
  });

  it('chains concurrent inserts per user without a fork, and verifies ok', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await Promise.all([record(a, 12), record(b, 5)]);
    // A caller cannot choose its place in the chain: the trigger overwrites seq and hashes.
    await createAuditRepo(t.app.db).record({
      userId: a,
      actorType: 'system',
      action: 'x',
      seq: 99,
      hash: 'f',
    });
    const { rows } = await t.app.raw.query<{ seq: number }>(
      'SELECT seq FROM audit_events WHERE user_id = $1 ORDER BY seq',
      [a],
    );
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(await verifyAuditChains(t.app.raw, { userId: a })).toEqual({ rows: 13, chains: 1 });
    const all = await verifyAuditChains(t.app.raw, { pageSize: 4 }); // pages cut through chains
    expect(all.broken).toBeUndefined();
    expect(all.chains).toBeGreaterThanOrEqual(2);
    const lines: string[] = [];
    expect(await auditVerify(t.app, { user: b }, (l) => lines.push(l))).toBe(true);
    expect(lines).toEqual(['ok, 5 rows, 1 chain']);
  });

  it("a row the owner edits directly breaks the chain at that row; other users' chains still hold", async () => {
    const victim = randomUUID();
    const other = randomUUID();
    await record(victim, 4);
    await record(other, 3);
    const target = await t.asOwner(async (owner) => {
      const { rows } = await owner.query<{ id: string }>(
        'SELECT id FROM audit_events WHERE user_id = $1 AND seq = 3',
        [victim],
      );
      await owner.exec(`BEGIN;
        ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
        UPDATE audit_events SET ip = '198.51.100.7' WHERE user_id = '${victim}' AND seq = 3;
        ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only;
        COMMIT;`);
      return rows[0]?.id;
    });
    const report = await verifyAuditChains(t.app.raw, { userId: victim });
    expect(report.broken).toMatchObject({ userId: victim, id: target, seq: 3, reason: /altered/ });
    expect(report.broken?.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const lines: string[] = [];
    expect(await auditVerify(t.app, { user: victim }, (l) => lines.push(l))).toBe(false);
    expect(lines[0]).toContain(`BROKEN: user ${victim}, event ${target} (number 3`);
    expect(lines.join('\n')).not.toContain('198.51.100.7');
    expect((await verifyAuditChains(t.app.raw, { userId: other })).broken).toBeUndefined();

    // A row deleted from the middle shows as the gap after it.
    const gap = randomUUID();
    await record(gap, 3);
    await t.asOwner((owner) => owner.query('DELETE FROM audit_events WHERE user_id = $1 AND seq = 2', [gap]));
    expect((await verifyAuditChains(t.app.raw, { userId: gap })).broken).toMatchObject({
      seq: 3,
      reason: /missing/,
    });
    await t.asOwner((owner) =>
      owner.query('DELETE FROM audit_events WHERE user_id IN ($1, $2)', [gap, victim]),
    );
  });

  it("erasure purges the erased user's chain through the owner's function and leaves the others valid", async () => {
    const { user } = await createUserAsOperator(
      createAppContext({ config: loadConfig({ LOG_LEVEL: 'silent' }), database: t.app }),
      {
        email: `erased-${randomUUID()}@example.test`,
        displayName: 'Erased',
        birthDate: '1980-01-01',
        country: 'FR',
      },
    );
    const kept = randomUUID();
    await Promise.all([record(user.id, 3), record(kept, 3)]);
    const before = await verifyAuditChains(t.app.raw);
    const own = await verifyAuditChains(t.app.raw, { userId: user.id }); // with the creation's event
    expect(own).toEqual({ rows: 4, chains: 1 });
    const counts = await deleteUserData(t.app.db, user.id); // as the restricted app role
    expect(counts.audit_events).toBe(4);
    const after = await verifyAuditChains(t.app.raw);
    expect(after).toEqual({ rows: before.rows - 4, chains: before.chains - 1 });
    expect(await verifyAuditChains(t.app.raw, { userId: kept })).toEqual({ rows: 3, chains: 1 });
  });

  it("migration 0003's backfill chains existing rows exactly as the insert trigger does", async () => {
    const u = randomUUID();
    await record(u, 4);
    const migration = readFileSync(path.join(migrationsFolder, '0003_audit_hash_chain.sql'), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((s) => s.includes('DO $$')) as string;
    const before = await verifyAuditChains(t.app.raw);
    await t.asOwner(async (owner) => {
      // The table as the migration finds it: no numbers, no hashes, no chain index yet.
      await owner.exec(`BEGIN;
        DROP INDEX audit_events_chain;
        ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
        UPDATE audit_events SET seq = 0, prev_hash = NULL, hash = '';
        ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only;
        COMMIT;`);
      expect((await verifyAuditChains(owner, { userId: u })).broken).toBeDefined();
      await owner.exec(backfill);
      await owner.exec('CREATE UNIQUE INDEX audit_events_chain ON audit_events (user_id, seq)');
    });
    expect(await verifyAuditChains(t.app.raw)).toEqual(before);
    expect(await verifyAuditChains(t.app.raw, { userId: u })).toEqual({ rows: 4, chains: 1 });
  });
});
