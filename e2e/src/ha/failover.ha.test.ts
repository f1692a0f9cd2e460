import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createConnectionsRepo, type Database, factoryKey, openDatabase } from '@vitalbase/server';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Acknowledged,
  setUpContinuousDevices,
  syncContinuously,
} from '../../../cli/src/simulator/continuous';
import { outboxVerifier } from '../../../cli/src/simulator/verify';
import { type AppServer, startAppServer, startReceiver, stopAppServer, waitHealthy } from './app-servers';
import { findPgAutoctl, Formation, freePort } from './formation';

/**
 * The failover test of issue #19 (`npm run test:ha`, in CI after `npm run test:pg`): a pg_auto_failover
 * monitor and two PostgreSQL nodes, two app servers (separate processes of the real server) on the
 * multi-host URI, thermometers of the device simulator syncing across both servers and logging every
 * acknowledged idempotency key; then `kill -9` of the primary's postmaster. Checked afterwards: every
 * acknowledged reading stored exactly once, writes back within 30 s, each per-minute scheduled job run
 * once per slot, and webhook deliveries carrying their ids. Prints the measured unavailability.
 */

const autoctl = findPgAutoctl();
const inCi = process.env.CI === 'true';
if (!autoctl && !inCi) {
  console.warn(
    'test:ha skipped: pg_autoctl is not installed (Debian: apt-get install -y postgresql-15-auto-failover). In CI (CI=true) it runs, and fails without it.',
  );
}

/** Writes must come back within this long after the primary is killed. */
const RESUME_LIMIT_MS = 30_000;
/** Every webhook delivery goes out within this long after the syncs stop (expiry of a cut-off run: 60 s). */
const DELIVERY_LIMIT_MS = 90_000;
/** Generous: the machine is shared; a secondary took 1–2.5 min to be ready under load. */
const MONITOR_READY_MS = 90_000;
const PRIMARY_READY_MS = 120_000;
const SECONDARY_READY_MS = 240_000;
const SERVER_READY_MS = 120_000;
/**
 * Each every-minute job runs again within this long after writes resume: a slot whose cron check met
 * the failover is lost (the next minute's is queued), and a run cut off by the kill is abandoned at its
 * expiry (SCHEDULED_EXPIRE_SECONDS, 120 s), by pg-boss's maintenance (every 30 s) when only its
 * completion was lost.
 */
const RERUN_LIMIT_MS = 180_000;
/** Scheduled every minute and not re-sent by itself (the webhook dispatcher re-queues itself every 3 s). */
const SELF_RESENDING = new Set(['webhooks.dispatch']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe.skipIf(!autoctl && !inCi)('failover of the PostgreSQL primary under two app servers', () => {
  let formation: Formation | undefined;
  const servers: AppServer[] = [];
  let database: Database | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  let stopSync = false;

  afterAll(async () => {
    stopSync = true;
    await Promise.all(servers.map(stopAppServer));
    await receiver?.close();
    await database?.close().catch(() => {});
    await formation?.destroy();
  }, 60_000);

  it('keeps every acknowledged reading once, resumes writes within 30 s, runs scheduled jobs once, and ids webhook deliveries', async () => {
    if (!autoctl) {
      throw new Error(
        'pg_autoctl is missing, and in CI the failover test must run: install postgresql-15-auto-failover (.ci/run does).',
      );
    }
    // Made here, not when the file is collected: no directory unless the test runs.
    formation = new Formation();
    const t0 = Date.now();
    const step = (what: string) => console.log(`[ha ${seconds(Date.now() - t0)}] ${what}`);

    // 1. The formation: monitor, a first node (primary), then a second one (secondary).
    await formation.startMonitor(MONITOR_READY_MS);
    step('monitor ready');
    const port1 = await formation.startNode('node1');
    await formation.waitForStates({ [port1]: 'single' }, 'node1 as the only node (single)', PRIMARY_READY_MS);
    step(`node1 is the primary (port ${port1})`);
    const port2 = await formation.startNode('node2');
    await formation.waitForNodes(2, SECONDARY_READY_MS);
    const uri = formation.applicationUri();
    expect(uri).toContain(',');

    // 2. Two app servers on the multi-host URI (one migrates first), while node2 is being built.
    const shared = {
      DATABASE_URL: uri,
      COOKIE_SECRET: randomBytes(24).toString('base64url'),
      JOBS: 'true',
      WEBHOOKS_ALLOW_PRIVATE_NETWORK: 'true',
      ERASURE_JOURNAL_FILE: path.join(formation.baseDir, 'erasure-journal.ndjson'),
    };
    for (const name of ['app-a', 'app-b']) {
      const dataDir = path.join(formation.baseDir, name);
      mkdirSync(dataDir);
      const port = await freePort();
      const server = startAppServer(port, {
        ...shared,
        VITALBASE_DATA_DIR: dataDir,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
      });
      servers.push(server);
      await waitHealthy(server, SERVER_READY_MS);
      step(`app server ${name} healthy on ${server.url}`);
    }

    // 3. The simulated household: an account, three thermometers, and a partner app with a webhook.
    database = await openDatabase({ databaseUrl: uri });
    const db = database;
    /**
     * The test's own reads: its pool, like the servers', answers an error for the statement that meets
     * the failover and finds the new primary at the next one, so a read is tried again for a while.
     */
    const query = async <T>(text: string, values?: unknown[]): Promise<{ rows: T[] }> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.raw.query<T>(text, values);
        } catch (err) {
          if (attempt >= 30) throw err;
          await sleep(1000);
        }
      }
    };
    const setup = await setUpContinuousDevices({
      urls: servers.map((s) => s.url),
      factoryKey: factoryKey(shared.COOKIE_SECRET),
      verifyEmail: outboxVerifier(database, 30_000),
      devices: 3,
    });
    // A partner slow to answer: attempts are in flight when the primary is killed (CI once caught ten
    // such deliveries left pending for 20 minutes; now they are queued again after the job's expiry).
    receiver = await startReceiver({ answerAfterMs: 1500 });
    const app = await setup.owner.call<{ clientId: string }>('POST', '/api/developer/apps', {
      name: 'Failover receiver',
      redirectUris: ['https://partner.example/callback'],
      scopes: ['user.metrics'],
    });
    await setup.owner.call('PUT', `/api/developer/apps/${app.clientId}/webhook`, {
      url: receiver.url,
      events: ['measurements.changed'],
    });
    const me = await setup.owner.call<{ id: string }>('GET', '/api/me');
    // The user's consent to the partner, as the OAuth flow records it (the flow itself is tested elsewhere).
    await createConnectionsRepo(database.db).connect(me.id, app.clientId, ['user.metrics'], new Date());
    step('account, 3 thermometers and a webhook receiver ready');
    // Work the every-minute export sweep must find after the failover: an export, made to expire at the kill.
    const dueExport = await setup.owner.call<{ id: string }>('POST', '/api/privacy/exports', {});

    await formation.waitForStates(
      { [port1]: 'primary', [port2]: 'secondary' },
      'node2 as a streaming secondary',
      SECONDARY_READY_MS,
    );
    step(`node2 is a secondary (port ${port2})`);

    // 4. Continuous syncs across both servers, every acknowledged key logged by the client.
    const ackLog = path.join(formation.baseDir, 'acknowledged.ndjson');
    const acks: Acknowledged[] = [];
    const failures: Array<{ server: number; at: number; reason: string }> = [];
    const windowStart = new Date();
    const syncing = syncContinuously({
      devices: setup.devices,
      batchSize: 5,
      intervalMs: 700,
      retryDelayMs: 200,
      giveUpMs: 90_000,
      stopped: () => stopSync,
      onAck: (ack) => {
        acks.push(ack);
        appendFileSync(ackLog, `${JSON.stringify(ack)}\n`);
      },
      onFailure: (f) => failures.push(f),
    });
    const acksBy = (predicate: (a: Acknowledged) => boolean) => acks.filter(predicate).length;
    const deadline = (ms: number) => Date.now() + ms;
    for (const until = deadline(30_000); acks.length < 15 && Date.now() < until; ) await sleep(200);
    expect(acks.length, 'syncs acknowledged before the failover').toBeGreaterThanOrEqual(15);
    expect(new Set(acks.map((a) => a.server)).size, 'both app servers answered').toBe(2);
    step(`${acks.length} syncs acknowledged before the failover`);

    // The export ready (built during the wait for node2), then due a second after the kill.
    const exportStatus = async () =>
      (await query<{ status: string }>(`SELECT status FROM privacy_exports WHERE id = $1`, [dueExport.id]))
        .rows[0]?.status;
    for (const until = deadline(60_000); (await exportStatus()) !== 'ready' && Date.now() < until; )
      await sleep(500);
    expect(await exportStatus(), 'the export built before the failover').toBe('ready');
    await query(`UPDATE privacy_exports SET expires_at = now() + interval '1 second' WHERE id = $1`, [
      dueExport.id,
    ]);

    // 5. kill -9 of the primary's postmaster.
    const killedAt = Date.now();
    process.kill(formation.postmasterPid(port1), 'SIGKILL');
    step(`killed the postmaster of node1 (the primary)`);
    for (const until = deadline(RESUME_LIMIT_MS + 30_000); Date.now() < until; ) {
      if (acksBy((a) => a.sentAt > killedAt) >= 10) break;
      await sleep(100);
    }
    const firstFailure = failures.find((f) => f.at >= killedAt)?.at;
    const resumedAt = acks.find(
      (a) => a.sentAt > killedAt && (!firstFailure || a.sentAt > firstFailure),
    )?.ackedAt;
    const lastBefore = acks.filter((a) => a.ackedAt <= (firstFailure ?? killedAt)).at(-1)?.ackedAt;
    if (resumedAt === undefined) {
      throw new Error(
        `writes did not resume within ${seconds(RESUME_LIMIT_MS + 30_000)} of the kill (${failures.length} failed attempts)\n${formation.logs()}\n--- app ---\n${servers[0]!.output().slice(-2000)}`,
      );
    }
    const unavailableMs = resumedAt - killedAt;
    const gapMs = lastBefore !== undefined ? resumedAt - lastBefore : unavailableMs;
    step(
      `writes resumed ${seconds(unavailableMs)} after the kill (no acknowledged sync for ${seconds(gapMs)}; ${failures.length} failed attempts, retried with the same key)`,
    );
    const nodes = await formation.nodes();
    step(`nodes now: ${nodes.map((n) => `${n.name}:${n.port} ${n.reported}`).join(', ')}`);

    // 6. Keep syncing until a scheduled minute after the kill has run (the schedule survived), then stop.
    const scheduled = (
      await query<{ name: string }>(`SELECT name FROM pgboss.schedule WHERE cron = '* * * * *' ORDER BY name`)
    ).rows
      .map((r) => r.name)
      .filter((n) => !SELF_RESENDING.has(n));
    expect(scheduled.length, 'per-minute scheduled jobs to watch').toBeGreaterThan(0);
    type Run = {
      name: string;
      id: string;
      state: string;
      created: Date;
      started: Date | null;
      retries: number;
      catchUp: boolean;
    };
    // `catchUp`: queued by a server's missed-slot check (jobs/missed-slots.ts), a singleton of its minute.
    const jobRuns = async (since = windowStart) =>
      (
        await query<Run>(
          `SELECT name, id, state, created_on AS created, started_on AS started, retry_count AS retries,
                  singleton_on IS NOT NULL AS "catchUp" FROM pgboss.job
            WHERE name = ANY($1) AND created_on >= $2
           UNION ALL
           SELECT name, id, state, created_on, started_on, retry_count, singleton_on IS NOT NULL FROM pgboss.archive
            WHERE name = ANY($1) AND created_on >= $2
           ORDER BY created`,
          [scheduled, since],
        )
      ).rows;
    /** Each job's first run started after writes resumed and completed: the schedule runs again. */
    const rerunOf = (runs: Run[], name: string) =>
      runs.find((r) => r.name === name && r.state === 'completed' && (r.started?.getTime() ?? 0) > resumedAt);
    for (const until = resumedAt + RERUN_LIMIT_MS; Date.now() < until; ) {
      // At least 15 s of syncs on the new primary, whatever the jobs do.
      if (Date.now() - resumedAt < 15_000) {
        await sleep(1000);
        continue;
      }
      const runs = await jobRuns();
      if (scheduled.every((n) => rerunOf(runs, n)) && (await exportStatus()) === 'expired') break;
      await sleep(1000);
    }
    // To look at the schedule over more minutes after the kill (e.g. HA_OBSERVE_SECONDS=300): each
    // minute without a run is printed below.
    const observeUntil = killedAt + Number(process.env.HA_OBSERVE_SECONDS ?? 0) * 1000;
    while (Date.now() < observeUntil) await sleep(1000);
    stopSync = true;
    await syncing;
    const windowEnd = new Date();
    step(`stopped: ${acks.length} syncs acknowledged in all`);

    // 7. Every acknowledged reading is stored exactly once.
    const acknowledgedRefs = acks.flatMap((a) => a.clientRefs);
    expect(new Set(acks.map((a) => a.key)).size, 'distinct idempotency keys').toBe(acks.length);
    const { rows: stored } = await query<{ ref: string; n: number }>(
      `SELECT client_ref AS ref, count(*)::int AS n FROM health_readings
        WHERE user_id = $1 AND deleted_at IS NULL GROUP BY client_ref`,
      [me.id],
    );
    const countOf = new Map(stored.map((r) => [r.ref, r.n]));
    const lost = acknowledgedRefs.filter((ref) => !countOf.has(ref));
    const duplicated = stored.filter((r) => r.n > 1);
    step(
      `${acknowledgedRefs.length} acknowledged readings: lost ${lost.length}, duplicated ${duplicated.length}; ${stored.length} stored`,
    );
    expect(lost, 'acknowledged readings missing after the failover').toEqual([]);
    expect(duplicated, 'readings stored more than once').toEqual([]);
    expect(unavailableMs, 'writes resumed within 30 s of the kill').toBeLessThan(RESUME_LIMIT_MS);

    // 8. Scheduled jobs: one run per slot across both servers and the failover, each completed.
    let runs = await jobRuns();
    for (const until = deadline(30_000); Date.now() < until; ) {
      runs = await jobRuns();
      if (runs.every((r) => r.state === 'completed' || r.created > windowEnd)) break;
      await sleep(1000);
    }
    runs = runs.filter((r) => r.created <= windowEnd);
    const { rows: slots } = await query<{ name: string; slots: number }>(
      `SELECT singleton_key AS name, count(DISTINCT singleton_on)::int AS slots FROM (
         SELECT singleton_key, singleton_on FROM pgboss.job WHERE name = '__pgboss__send-it' AND singleton_on >= $1
         UNION ALL
         SELECT singleton_key, singleton_on FROM pgboss.archive WHERE name = '__pgboss__send-it' AND singleton_on >= $1
       ) s WHERE singleton_key = ANY($2) GROUP BY singleton_key`,
      [new Date(windowStart.getTime() - 60_000), scheduled],
    );
    const slotsOf = new Map(slots.map((s) => [s.name, s.slots]));
    // Minutes from the kill's to the last one whose slot had time to be queued, in which no run was.
    const minuteOf = (d: Date | number) => Math.floor(new Date(d).getTime() / 60_000);
    const minutes = Array.from(
      { length: Math.max(0, minuteOf(windowEnd.getTime() - 65_000) - minuteOf(killedAt) + 1) },
      (_, i) => minuteOf(killedAt) + i,
    );
    const reruns: string[] = [];
    // The kill's minute may have had its run before the window began.
    const sinceKillMinute = await jobRuns(new Date(minuteOf(killedAt) * 60_000));
    for (const name of scheduled) {
      const mine = runs.filter((r) => r.name === name);
      const rerun = rerunOf(runs, name);
      const skipped = minutes.filter(
        (m) => !sinceKillMinute.some((r) => r.name === name && minuteOf(r.created) === m),
      ).length;
      reruns.push(`${name} ${rerun?.started ? seconds(rerun.started.getTime() - killedAt) : 'never'}`);
      step(
        `${name}: ran again ${rerun?.started ? seconds(rerun.started.getTime() - killedAt) : 'never'} after the kill; ` +
          `${skipped} of ${minutes.length} minutes from the kill without a run; ${mine.length} runs for ${slotsOf.get(name) ?? 0} scheduled minutes ` +
          `(${mine.map((r) => `${r.created.toISOString().slice(11, 19)} ${r.state}${r.catchUp ? ' catch-up' : ''}${r.retries ? ` retried ${r.retries}` : ''}`).join(', ')})`,
      );
      expect(mine.length, `${name}: runs in the window`).toBeGreaterThan(0);
      // A lost slot's catch-up run is one more (queued once whatever the number of servers).
      expect(mine.length, `${name}: one run per scheduled minute at most`).toBeLessThanOrEqual(
        (slotsOf.get(name) ?? 0) + mine.filter((r) => r.catchUp).length,
      );
      expect(
        rerun?.started ? rerun.started.getTime() - resumedAt : Number.POSITIVE_INFINITY,
        `${name}: ran again within ${seconds(RERUN_LIMIT_MS)} of the writes resuming`,
      ).toBeLessThanOrEqual(RERUN_LIMIT_MS);
      expect(new Set(mine.map((r) => r.id)).size).toBe(mine.length);
      // A run in progress at the kill may stay `active` (its completion was lost with the connection):
      // pg-boss expires and retries it later. Every run started on the new primary completed.
      expect(
        mine
          .filter((r) => r.created.getTime() > resumedAt && r.state !== 'completed')
          .map((r) => `${r.id} ${r.state}`),
        `${name}: every run after the failover completed`,
      ).toEqual([]);
    }
    // Nothing due left behind: the export that expired during the failover was swept.
    expect(await exportStatus(), 'the export due at the kill, swept after the failover').toBe('expired');

    // 9. Webhook deliveries: each carries its id (header = body id), so a receiver can drop repeats; and
    // every one made before, during or after the failover goes out within DELIVERY_LIMIT_MS of the end
    // of the syncs (a worker cut off by the failover is abandoned after the deliver job's expiry, 60 s).
    for (const until = deadline(DELIVERY_LIMIT_MS); Date.now() < until; ) {
      const { rows } = await query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE client_id = $1 AND status = 'pending'`,
        [app.clientId],
      );
      if (rows[0]!.n === 0) break;
      await sleep(1000);
    }
    const { rows: deliveries } = await query<{ id: string; status: string }>(
      `SELECT id, status FROM webhook_deliveries WHERE client_id = $1`,
      [app.clientId],
    );
    const { rows: dispatcher } = await query<{ state: string; n: number }>(
      `SELECT name || ' ' || state || CASE WHEN start_after > now() THEN ' (later)' ELSE '' END AS state,
              count(*)::int AS n
         FROM pgboss.job WHERE name IN ('webhooks.dispatch', 'webhooks.deliver')
          AND state IN ('created', 'active', 'retry')
        GROUP BY 1 ORDER BY 1`,
    );
    const { rows: waiting } = await query<{ created: Date; dispatched: Date | null; attempts: number }>(
      `SELECT created_at AS created, dispatched_at AS dispatched, attempts FROM webhook_deliveries
        WHERE client_id = $1 AND status = 'pending' ORDER BY created_at`,
      [app.clientId],
    );
    const since = (d: Date | null) => (d ? `${seconds(d.getTime() - killedAt)}` : 'never');
    if (waiting.length)
      step(
        `pending deliveries (times from the kill): ${waiting.map((w) => `made ${since(w.created)}, dispatched ${since(w.dispatched)}, ${w.attempts} attempts`).join('; ')}`,
      );
    // Runs of the deliver job that failed (a run cut off by the failover is abandoned at its expiry).
    const { rows: abandoned } = await query<{ why: string; n: number }>(
      `SELECT coalesce(output->>'message', state::text) AS why, count(*)::int AS n FROM (
         SELECT output, state FROM pgboss.job WHERE name = 'webhooks.deliver' AND state = 'failed'
         UNION ALL SELECT output, state FROM pgboss.archive WHERE name = 'webhooks.deliver' AND state = 'failed'
       ) f GROUP BY 1`,
    );
    // How long deliveries took, by when they were made (seconds from the kill), the slowest first.
    const { rows: slowest } = await query<{ made: number; took: number }>(
      `SELECT extract(epoch FROM created_at - $2::timestamptz)::float AS made,
              extract(epoch FROM updated_at - created_at)::float AS took
         FROM webhook_deliveries WHERE client_id = $1 AND status = 'delivered' ORDER BY took DESC LIMIT 5`,
      [app.clientId, new Date(killedAt)],
    );
    step(
      `deliver runs failed: ${abandoned.map((a) => `${a.n} × ${a.why.slice(0, 120)}`).join('; ') || 'none'}; slowest deliveries (made, took): ${slowest.map((r) => `${r.made.toFixed(1)} s, ${r.took.toFixed(1)} s`).join('; ')}`,
    );
    // Attempts cut off by the failover: claimed, never logged (the partner may have had the call).
    const { rows: cutOff } = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_deliveries d WHERE client_id = $1 AND attempts >
         (SELECT count(*) FROM webhook_delivery_attempts a WHERE a.user_id = d.user_id AND a.delivery_id = d.id)`,
      [app.clientId],
    );
    const received = new Set(receiver.calls.map((c) => c.header));
    const pendingNow = deliveries.filter((d) => d.status === 'pending').length;
    step(
      `webhooks: ${deliveries.length} deliveries, ${receiver.calls.length} calls received, ${received.size} distinct ids, ` +
        `${receiver.calls.length - received.size} repeats (dropped by id); ${cutOff[0]!.n} attempts cut off by the failover; ${pendingNow} still pending ` +
        `(queue: ${dispatcher.map((d) => `${d.n} ${d.state}`).join(', ') || 'none waiting'})`,
    );
    expect(receiver.calls.length, 'webhook calls received').toBeGreaterThan(0);
    expect(
      receiver.calls.filter((c) => !c.header || c.header !== c.bodyId),
      'calls without their delivery id',
    ).toEqual([]);
    expect(
      [...received].filter((id) => !deliveries.some((d) => d.id === id)),
      'ids that are no delivery',
    ).toEqual([]);
    expect(
      deliveries.filter((d) => d.status === 'delivered' && !received.has(d.id)),
      'delivered but never received',
    ).toEqual([]);
    const undelivered = deliveries.filter((d) => d.status !== 'delivered');
    // Once seen in CI: deliver runs queued and none fetched for 100 s; the servers' warnings (job
    // failures, queue errors; never health data) are what tells why.
    if (undelivered.length)
      step(servers.map((s) => `--- ${s.url} ---\n${s.output().slice(-4000)}`).join('\n'));
    expect(undelivered, `deliveries not delivered within ${seconds(DELIVERY_LIMIT_MS)}`).toEqual([]);
    // Once each per delivery id, but for an attempt cut off by the failover: the partner may have had
    // that call, and gets the delivery again with the same id (allowed by the contract).
    expect(receiver.calls.length - received.size, 'repeated deliveries').toBeLessThanOrEqual(cutOff[0]!.n);

    console.log(
      `\nFAILOVER: writes resumed ${seconds(unavailableMs)} after kill -9 of the primary's postmaster ` +
        `(longest time without an acknowledged sync: ${seconds(gapMs)}); ${acks.length} syncs, ` +
        `${acknowledgedRefs.length} acknowledged readings, lost ${lost.length}, duplicated ${duplicated.length}; ` +
        `scheduled jobs ran again after the kill: ${reruns.join(', ')}; ` +
        `total ${seconds(Date.now() - t0)}\n`,
    );
  }, 540_000);
});
