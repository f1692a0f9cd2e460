import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness';
import { defineJob, SCHEDULED_EXPIRE_SECONDS } from './job';
import { latestSlot, queueMissedSlots } from './missed-slots';
import { JOB_SCHEMA, type JobQueue, startJobs } from './queue';

/** Waits until `check` answers something truthy, polling: the queue works on its own schedule. */
async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('timed out waiting for the job queue');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Runs on the test database of the suite: PGlite by default, the PostgreSQL server under `npm run test:pg`.
describe('job queue (pg-boss on the app database)', () => {
  let t: TestApp;
  let queues: JobQueue[] = [];
  const start: typeof startJobs = async (ctx, jobs, opts) => {
    const queue = await startJobs(ctx, jobs, { pollingIntervalSeconds: 0.5, stopTimeoutMs: 1000, ...opts });
    queues.push(queue);
    return queue;
  };

  // One app and database for the file (each test uses its own queue names); a queue per test.
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    for (const queue of queues) await queue.stop();
    queues = [];
  });
  afterAll(async () => {
    await t.close();
  });

  it('runs a sent job through the queue tables and marks it completed', async () => {
    const seen: Array<{ userId: string }> = [];
    const note = defineJob<{ userId: string }>({
      name: 'test.note',
      run: async (ctx, data) => {
        // The job gets the app's context: prove it by using the database from inside the run.
        const { rows } = await ctx.database.raw.query<{ one: number }>('SELECT 1 AS one');
        expect(rows[0]?.one).toBe(1);
        seen.push(data);
      },
    });
    const queue = await start(t.app.ctx, [note]);
    const id = await queue.send('test.note', { userId: 'u-1' });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    await eventually(() => seen.length === 1);
    expect(seen).toEqual([{ userId: 'u-1' }]);
    const job = await eventually(async () => {
      const found = await queue.boss.getJobById('test.note', id!);
      return found?.state === 'completed' ? found : null;
    });
    expect(job.data).toEqual({ userId: 'u-1' });
    // The job really went through the database, not an in-memory shortcut.
    const { rows } = await t.database.raw.query<{ state: string }>(
      `SELECT state FROM ${JOB_SCHEMA}.job WHERE id = $1`,
      [id],
    );
    expect(rows).toEqual([{ state: 'completed' }]);
  });

  it('creates the cron schedule and runs scheduled work at every start (catch-up)', async () => {
    let runs = 0;
    const nightly = defineJob({
      name: 'test.nightly',
      cron: '0 3 * * *',
      run: async () => {
        runs += 1;
      },
    });
    const first = await start(t.app.ctx, [nightly]);
    await eventually(() => runs === 1);
    const schedules = await first.boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron])).toEqual([['test.nightly', '0 3 * * *']]);

    // A restart (the server was down over 03:00) runs it again without waiting for the next 03:00.
    await first.stop();
    await start(t.app.ctx, [nightly]);
    await eventually(() => runs === 2);
  });

  it('queues one run for a slot the scheduler lost (a failover in its minute), none for a slot that ran', async () => {
    let runs = 0;
    const daily = defineJob({
      name: 'test.daily',
      cron: '0 3 * * *',
      run: async () => {
        runs += 1;
      },
    });
    // No timer here: the test makes the checks itself, as two servers would.
    const queue = await start(t.app.ctx, [daily], { missedSlotCheckMs: 3_600_000 });
    await eventually(() => runs === 1);
    const sql = (text: string, values: unknown[]) => t.database.raw.query(text, values);
    const check = () => queueMissedSlots(queue.boss, sql, JOB_SCHEMA, [daily], t.clock.now());

    // The run at start came after the latest 03:00: nothing was missed.
    expect(await check()).toEqual([]);
    expect(await check()).toEqual([]);
    // Two days on, pg-boss queued neither 03:00 (its checks met a dead primary): both servers see the
    // latest slot without a run, and it runs once.
    t.clock.advance(2 * 86_400_000);
    const queued = (await Promise.all([check(), check()])).flat();
    expect(queued).toEqual(['test.daily']);
    await eventually(() => runs === 2);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(runs).toBe(2);
  });

  it('looks for lost slots on its own, every missedSlotCheckMs', async () => {
    let runs = 0;
    const hourly = defineJob({
      name: 'test.hourly',
      cron: '7 * * * *',
      run: async () => {
        runs += 1;
      },
    });
    await start(t.app.ctx, [hourly], { missedSlotCheckMs: 200 });
    await eventually(() => runs === 1);
    // The run at start made three hours ago: the slots since then were lost.
    await t.database.raw.query(
      `UPDATE ${JOB_SCHEMA}.job SET created_on = created_on - interval '3 hours' WHERE name = 'test.hourly'`,
    );
    await eventually(() => runs === 2);
  });

  it('finds the latest slot of a schedule at or before a time (UTC)', () => {
    const at = new Date('2026-03-10T03:00:00.000Z');
    expect(latestSlot('0 3 * * *', at).toISOString()).toBe('2026-03-10T03:00:00.000Z');
    expect(latestSlot('0 3 * * *', new Date(at.getTime() - 1)).toISOString()).toBe(
      '2026-03-09T03:00:00.000Z',
    );
    expect(latestSlot('* * * * *', new Date('2026-03-10T03:07:59.999Z')).toISOString()).toBe(
      '2026-03-10T03:07:00.000Z',
    );
    expect(latestSlot('23 * * * *', new Date('2026-03-10T03:22:00.000Z')).toISOString()).toBe(
      '2026-03-10T02:23:00.000Z',
    );
  });

  it('drops the schedule of a job that no longer exists', async () => {
    const old = defineJob({ name: 'test.old', cron: '*/5 * * * *', run: async () => {} });
    const first = await start(t.app.ctx, [old]);
    expect((await first.boss.getSchedules()).map((s) => s.name)).toEqual(['test.old']);
    await first.stop();
    const second = await start(t.app.ctx, []);
    expect(await second.boss.getSchedules()).toEqual([]);
  });

  it('retries a failing run, then marks the job failed', async () => {
    let attempts = 0;
    const flaky = defineJob({
      name: 'test.flaky',
      retryLimit: 1,
      retryDelaySeconds: 0,
      run: async () => {
        attempts += 1;
        throw new Error('the remote end is down');
      },
    });
    const queue = await start(t.app.ctx, [flaky]);
    const id = await queue.send('test.flaky', {});
    const job = await eventually(async () => {
      const found = await queue.boss.getJobById('test.flaky', id!);
      return found?.state === 'failed' ? found : null;
    });
    expect(attempts).toBe(2);
    expect(job.retryCount).toBe(1);
  });

  it('abandons a run stuck past its expiry, so the worker goes on with the next (a failover-cut connection)', async () => {
    let calls = 0;
    const stuck = defineJob({
      name: 'test.stuck',
      retryLimit: 0,
      expireInSeconds: 1,
      // The first run never ends, like a statement sent to a primary that died without answering.
      run: () => (++calls === 1 ? new Promise(() => {}) : Promise.resolve()),
    });
    const queue = await start(t.app.ctx, [stuck]);
    const first = await queue.send('test.stuck', {});
    const second = await queue.send('test.stuck', {});
    await eventually(async () => (await queue.boss.getJobById('test.stuck', second!))?.state === 'completed');
    expect((await queue.boss.getJobById('test.stuck', first!))?.state).toBe('failed');
  });

  it('expires a scheduled run whose completion was lost (a failover as it ended), so the next one runs', async () => {
    let runs = 0;
    const lost = defineJob({
      name: 'test.lost',
      cron: '0 3 * * *',
      run: async () => {
        runs += 1;
      },
    });
    const queue = await start(t.app.ctx, [lost], { maintenanceIntervalSeconds: 1 });
    await eventually(() => runs === 1);
    // A run its server finished, but whose completion never reached the database: active, no worker.
    await t.database.raw.query(
      `INSERT INTO ${JOB_SCHEMA}.job (name, data, state, policy, started_on, expire_in)
       VALUES ('test.lost', '{}', 'active', 'stately', now() - interval '10 minutes', interval '2 minutes')`,
    );
    // The next run waits behind it (one active run per scheduled job) until the maintenance expires it.
    expect(await queue.send('test.lost', {})).toBeTruthy();
    await eventually(() => runs >= 2);
  });

  it('takes several runs per poll when asked, each completed or failed on its own', async () => {
    const seen: number[] = [];
    const batched = defineJob<{ n: number }>({
      name: 'test.batched',
      retryLimit: 0,
      batchSize: 5,
      run: async (_ctx, { n }) => {
        seen.push(n);
        if (n === 2) throw new Error('this one fails');
      },
    });
    // Polls 3 s apart: one run per poll would take 15 s; the five come in one or two fetches.
    const queue = await start(t.app.ctx, [batched], { pollingIntervalSeconds: 3 });
    const ids = await Promise.all([1, 2, 3, 4, 5].map((n) => queue.send('test.batched', { n })));
    const states = await eventually(async () => {
      const jobs = await Promise.all(ids.map((id) => queue.boss.getJobById('test.batched', id!)));
      const s = jobs.map((j) => j?.state);
      return s.every((x) => x === 'completed' || x === 'failed') ? s : null;
    });
    expect(states).toEqual(['completed', 'failed', 'completed', 'completed', 'completed']);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives scheduled jobs a short expiry, so a run cut off by a failover is retried within minutes', async () => {
    const minutely = defineJob({ name: 'test.minutely', cron: '* * * * *', run: async () => {} });
    const long = defineJob({
      name: 'test.long',
      cron: '0 3 * * *',
      expireInSeconds: 3600,
      run: async () => {},
    });
    await start(t.app.ctx, [minutely, long]);
    const { rows } = await t.database.raw.query<{ name: string; expire: number }>(
      `SELECT name, expire_seconds AS expire FROM ${JOB_SCHEMA}.queue WHERE name IN ('test.minutely', 'test.long') ORDER BY name`,
    );
    expect(rows).toEqual([
      { name: 'test.long', expire: 3600 },
      { name: 'test.minutely', expire: SCHEDULED_EXPIRE_SECONDS },
    ]);
  });

  it('refuses unknown and duplicate job names', async () => {
    const a = defineJob({ name: 'test.a', run: async () => {} });
    await expect(start(t.app.ctx, [a, a])).rejects.toThrow(/two jobs are named test.a/);
    const queue = await start(t.app.ctx, [a]);
    expect(() => queue.send('test.nope', {})).toThrow(/no job is named test.nope/);
  });

  it('fails to start on a bad cron expression, leaving no worker running', async () => {
    let runs = 0;
    const fine = defineJob({
      name: 'test.fine',
      run: async () => {
        runs += 1;
      },
    });
    const broken = defineJob({ name: 'test.broken', cron: 'every night', run: async () => {} });
    await expect(startJobs(t.app.ctx, [fine, broken], { pollingIntervalSeconds: 0.5 })).rejects.toThrow();
    await t.database.raw.query(`INSERT INTO ${JOB_SCHEMA}.job (name, data) VALUES ('test.fine', '{}')`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runs).toBe(0);
  });

  it('a run that outlives stop finishes without an unhandled rejection; a send after stop fails clearly', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let release: () => void = () => {};
      let started = false;
      let finished = false;
      const slow = defineJob({
        name: 'test.slow',
        run: async () => {
          started = true;
          await new Promise<void>((resolve) => (release = resolve));
          finished = true;
        },
      });
      const queue = await start(t.app.ctx, [slow], { stopTimeoutMs: 300 });
      await queue.send('test.slow', {});
      await eventually(() => started);
      // stop gives up waiting after 300 ms and closes the queue's database: then the run ends, and
      // pg-boss records its completion through the closed adapter (without awaiting it).
      await queue.stop();
      release();
      await eventually(() => finished);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(unhandled).toEqual([]);
      await expect(queue.send('test.slow', {})).rejects.toThrow(/job queue is closed/);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('runs nothing after stop, and stop is safe to call twice', async () => {
    let runs = 0;
    const counted = defineJob({
      name: 'test.counted',
      run: async () => {
        runs += 1;
      },
    });
    const queue = await start(t.app.ctx, [counted]);
    await queue.stop();
    await queue.stop();
    // Queue a run behind the stopped worker's back: nobody must pick it up.
    await t.database.raw.query(`INSERT INTO ${JOB_SCHEMA}.job (name, data) VALUES ('test.counted', '{}')`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runs).toBe(0);
  });
});
