import type { ImportView } from '@vitalbase/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../test/read-zip';
import { countStatements } from '../../test/statement-counter';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { connectPartner, registerTestPartnerApp } from '../../test/partner-harness';
import { exportBuildJob } from '../export';
import type { ImportParser } from './import-item';
import { IMPORT_BATCH, runPipeline } from './import-pipeline';
import { importRunJob, importSweepJob } from './imports.jobs';
import { createImportsRepo } from './imports.repo';
import { IMPORT_LIMITS, importFilePath } from './imports.service';
import { withingsArchiveParser } from './withings-archive.parser';
import { uploadImport, WITHINGS_FILES, WITHINGS_FRENCH_FILES, zipOf } from './imports.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await t.database.raw.query<{ n: number | string }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}
const liveReadings = (u: TestUser) =>
  count('select count(*) n from health_readings where user_id = $1 and deleted_at is null', [u.user.id]);
const liveSessions = (u: TestUser) =>
  count('select count(*) n from health_sessions where user_id = $1 and deleted_at is null', [u.user.id]);
const seriesDays = (u: TestUser) =>
  count('select count(*) n from health_series_days where user_id = $1', [u.user.id]);

/** Uploads the archive and runs the import with the job's own code (the queue is pg-boss's). */
async function importNow(u: TestUser, file: Buffer, chunk?: number): Promise<ImportView> {
  const id = await uploadImport(u.client, file, chunk ? { chunk } : {});
  await importRunJob.run(t.app.ctx, { userId: u.user.id, importId: id });
  const res = await u.client.get(`/api/me/imports/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ImportView;
}

describe('Withings archive import', () => {
  let u: TestUser;
  let first: ImportView;
  beforeAll(async () => {
    u = await createTestUser(t, { timeZone: 'Europe/Paris' });
    first = await importNow(u, await zipOf(WITHINGS_FILES), 700);
  });

  it('stores what the archive holds and reports it, refusals with their line and no value', () => {
    expect(first.state).toBe('done');
    expect(first.report).toMatchObject({
      imported: { readings: 4, series: 1, sessions: 2 },
      duplicates: 0,
      refused: 1,
    });
    expect(first.report!.refusals).toEqual([
      expect.objectContaining({ file: 'weight.csv', line: 4, code: 'out_of_range' }),
    ]);
    // As a whole number: a random id in the text may hold the digits.
    expect(JSON.stringify(first.report)).not.toMatch(/\b900\b/);
    expect(first.report!.skippedFiles.map((f) => f.file).sort()).toEqual([
      'aggregates_steps.csv',
      'notes.txt',
      'signal.csv',
    ]);
  });

  it('places local times in the account zone and marks rows as imported', async () => {
    const { rows } = await t.database.raw.query<{
      taken: string;
      offset: number;
      source: string;
      import_id: string;
    }>(
      `select to_char(taken_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') taken, utc_offset_minutes "offset", source, import_id
         from health_readings where user_id = $1 and metrics_key like '%weight%' order by taken_at`,
      [u.user.id],
    );
    expect(rows).toEqual([
      { taken: '2026-11-02T06:05', offset: 60, source: 'import', import_id: first.id },
      { taken: '2026-11-03T06:12', offset: 60, source: 'import', import_id: first.id },
    ]);
    expect(await seriesDays(u)).toBe(1);
    const steps = await u.client.get('/api/health-data/latest');
    expect(steps.statusCode).toBe(200);
  });

  it("keeps a sleep.csv night's stage totals as its summary, without inventing when each stage was", async () => {
    const res = await u.client.get(
      '/api/health-data/derived?kind=sleep_summary&from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z',
    );
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: Array<{ value: number; details: Record<string, unknown> }> }).items;
    // 23:10 → 06:40 is 27,000 s in bed; light 14,000 + deep 6,000 + REM 5,000 asleep, 2,000 awake.
    expect(items).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({
          inBedSeconds: 27_000,
          asleepSeconds: 25_000,
          lightSeconds: 14_000,
          deepSeconds: 6_000,
          remSeconds: 5_000,
          awakeSeconds: 2_000,
          efficiency: 0.926,
        }),
      }),
    ]);
    expect(items[0]!.value).toBeGreaterThan(0);
    const { rows } = await t.database.raw.query<{ stages: unknown[] }>(
      `select stages from health_sessions where user_id = $1 and type = 'sleep'`,
      [u.user.id],
    );
    expect(rows).toEqual([{ stages: [] }]);
  });

  it("answers the night's stage totals to partner apps (Withings-style sleep getsummary), not zeros", async () => {
    const app = await registerTestPartnerApp(t, { scopes: ['user.sleepevents'] });
    const { accessToken } = await connectPartner(t, u, app, ['user.sleepevents']);
    const res = await t.app.inject({
      method: 'POST',
      url: '/wbsapi/v2/sleep',
      headers: { authorization: `Bearer ${accessToken}` },
      payload: { action: 'getsummary', startdateymd: '2026-11-01', enddateymd: '2026-11-03' },
    });
    const body = res.json();
    expect(body.status, res.body).toBe(0);
    expect(body.body.series).toHaveLength(1);
    const { data } = body.body.series[0];
    const stored = (
      await u.client.get(
        '/api/health-data/derived?kind=sleep_summary&from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z',
      )
    ).json().items[0];
    expect(data).toMatchObject({
      total_timeinbed: 27_000,
      total_sleep_time: 25_000,
      lightsleepduration: 14_000,
      deepsleepduration: 6_000,
      remsleepduration: 5_000,
      wakeupduration: 2_000,
      sleep_efficiency: 0.926,
      sleep_score: stored.value,
    });
    // Without stage spans, what needs their timing is unknown: left out rather than answered 0.
    for (const unknown of ['waso', 'durationtowakeup', 'wakeup_latency', 'nb_rem_episodes'])
      expect(data).not.toHaveProperty(unknown);
  });

  it('a re-import of the same archive adds nothing: every item is a duplicate', async () => {
    const before = [await liveReadings(u), await liveSessions(u)];
    const again = await importNow(u, await zipOf(WITHINGS_FILES));
    expect(again.report).toMatchObject({
      imported: { readings: 0, series: 0, sessions: 0 },
      duplicates: 7,
      refused: 1,
    });
    expect([await liveReadings(u), await liveSessions(u)]).toEqual(before);
    expect(await seriesDays(u)).toBe(1);
  });

  it('undo removes exactly what the import added, and is in the own-actions log', async () => {
    const other = await createTestUser(t);
    expect((await other.client.post(`/api/me/imports/${first.id}/undo`)).statusCode).toBe(404);
    expect((await other.client.get(`/api/me/imports/${first.id}`)).statusCode).toBe(404);
    const res = await u.client.post(`/api/me/imports/${first.id}/undo`);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as ImportView).state).toBe('undone');
    expect(await liveReadings(u)).toBe(0);
    expect(await liveSessions(u)).toBe(0);
    expect(await seriesDays(u)).toBe(0);
    const actions = await count(
      `select count(*) n from audit_events where user_id = $1 and action in ('import_started', 'import_undone')`,
      [u.user.id],
    );
    expect(actions).toBe(3);
    // The account's own actions list them (the privacy center's log of what I did).
    const own = (await u.client.get('/api/me/security-events')).json() as Array<{ action: string }>;
    expect(own.map((e) => e.action).filter((a) => a.startsWith('import_'))).toEqual([
      'import_undone',
      'import_started',
      'import_started',
    ]);
    expect((await u.client.post(`/api/me/imports/${first.id}/undo`)).statusCode).toBe(409);
  });

  it('"Download my data" lists each import in its own section: date, format, counts, undone or not', async () => {
    const asked = await u.client.post('/api/privacy/exports');
    expect(asked.statusCode, asked.body).toBe(202);
    const { id } = asked.json() as { id: string };
    await exportBuildJob.run(t.app.ctx, { userId: u.user.id, exportId: id });
    const download = await u.client.get(`/api/privacy/exports/${id}/download`);
    expect(download.statusCode).toBe(200);
    const data = JSON.parse((await readZip(download.rawPayload)).get('data.json')!.toString('utf8'));
    expect(data.about.imports).toMatch(/imported/);
    expect(data.otherData.health_imports).toBeUndefined();
    const mine = data.imports as Array<Record<string, unknown>>;
    expect(mine).toHaveLength(2);
    expect(mine.find((i) => i.id === first.id)).toMatchObject({
      format: 'withings_archive',
      state: 'undone',
      createdAt: expect.any(String),
      undoneAt: expect.any(String),
      report: expect.objectContaining({ imported: { readings: 4, series: 1, sessions: 2 } }),
    });
    expect(mine.find((i) => i.id === first.id)).not.toHaveProperty('resume');
  });
});

describe('the duplicate rule across sources', () => {
  it('a reading already entered with the same metric, instant and value is not imported again', async () => {
    const u = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const manual = await u.client.post('/api/health-data/readings', {
      takenAt: '2026-11-02T07:05:00+01:00',
      measures: [{ metric: 'weight', value: 71.6, unit: 'kg' }],
    });
    expect(manual.statusCode, manual.body).toBe(201);
    const done = await importNow(u, await zipOf({ 'weight.csv': WITHINGS_FILES['weight.csv']! }));
    // 2026-11-03 stored whole; 2026-11-02 keeps its fat, bone, muscle and water but not the weight.
    expect(done.report).toMatchObject({ imported: { readings: 2 }, duplicates: 0, refused: 1 });
    expect(
      await count(`select count(*) n from health_measures where user_id = $1 and metric = 'weight'`, [
        u.user.id,
      ]),
    ).toBe(2);
  });
});

describe('a restart', () => {
  it('resumes from the checkpoint: the batches before it are neither lost nor stored twice', async () => {
    const u = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const rows = ['Date,Weight (kg)'];
    for (let i = 0; i < IMPORT_BATCH + 1; i++)
      rows.push(`"2026-10-01 07:00:00","${50 + (i % 1000) / 10}"`.replace('01 07:00', dayAndTime(i)));
    const id = await uploadImport(u.client, await zipOf({ 'weight.csv': rows.join('\n') }));
    const repo = createImportsRepo(t.database.db);
    const row = (await repo.setState(u.user.id, id, ['queued'], {
      state: 'running',
      updatedAt: t.clock.now(),
    }))!;
    // The server dies right after the first batch was committed with its checkpoint.
    const dying: ImportParser = {
      async *parse(file, opts) {
        let n = 0;
        for await (const item of withingsArchiveParser.parse(file, opts)) {
          if (++n > IMPORT_BATCH) throw new Error('the process stopped');
          yield item;
        }
      },
    };
    const file = importFilePath(t.config, u.user.id, id);
    const opts = { timeZone: 'Europe/Paris', options: {}, limits: IMPORT_LIMITS };
    await expect(runPipeline(t.app.ctx, row, dying, file, opts)).rejects.toThrow('the process stopped');
    expect(await liveReadings(u)).toBe(IMPORT_BATCH);
    // Five minutes of silence later, the sweep takes it up again.
    t.clock.advance(6 * 60_000);
    await importSweepJob.run(t.app.ctx, {});
    const done = (await u.client.get(`/api/me/imports/${id}`)).json() as ImportView;
    expect(done.state).toBe('done');
    expect(done.report).toMatchObject({
      imported: { readings: IMPORT_BATCH + 1 },
      duplicates: 0,
      refused: 0,
    });
    expect(await liveReadings(u)).toBe(IMPORT_BATCH + 1);
  });
});

describe('the daily values of an import', () => {
  it('are computed once at its end, for every date its batches touched, across a restart', async () => {
    const u = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const id = await uploadImport(u.client, await zipOf({ 'weight.csv': 'Date,Weight (kg)' }));
    const repo = createImportsRepo(t.database.db);
    const row = (await repo.setState(u.user.id, id, ['queued'], {
      state: 'running',
      updatedAt: t.clock.now(),
    }))!;
    // A first batch of heart rates over ten days (their resting heart rate), then steps over ten more.
    const day0 = Date.parse('2026-09-01T00:00:00+02:00');
    const items = async function* (stopAfter = Number.POSITIVE_INFINITY) {
      for (let i = 0; i < IMPORT_BATCH; i++) {
        if (i >= stopAfter) throw new Error('the process stopped');
        const takenAt = new Date(day0 + (i % 10) * 86_400_000 + Math.floor(i / 10) * 60_000);
        yield {
          kind: 'reading' as const,
          line: i + 1,
          takenAt: takenAt.toISOString(),
          measures: [{ metric: 'heart_rate', value: 50 + (i % 30), unit: 'bpm' }],
        };
      }
      if (IMPORT_BATCH >= stopAfter) throw new Error('the process stopped');
      for (let d = 10; d < 20; d++)
        yield {
          kind: 'series' as const,
          line: IMPORT_BATCH + d,
          metric: 'steps',
          start: `2026-09-${String(d + 1).padStart(2, '0')}T08:00:00+02:00`,
          intervalSeconds: 60,
          unit: 'steps',
          values: [100, 200],
        };
    };
    const parser = (stopAfter?: number): ImportParser => ({ parse: () => items(stopAfter) });
    const file = importFilePath(t.config, u.user.id, id);
    const opts = { timeZone: 'Europe/Paris', options: {}, limits: IMPORT_LIMITS };
    const derived = (kind: string) =>
      count('select count(*) n from health_derived where user_id = $1 and kind = $2', [u.user.id, kind]);
    // The first batch commits, then the process stops: its dates wait in the checkpoint.
    await expect(runPipeline(t.app.ctx, row, parser(IMPORT_BATCH), file, opts)).rejects.toThrow(
      'the process stopped',
    );
    expect(await liveReadings(u)).toBe(IMPORT_BATCH);
    expect(await derived('resting_heart_rate')).toBe(0);
    const again = (await repo.find(u.user.id, id))!;
    const { statements } = await countStatements(t.database, () =>
      runPipeline(t.app.ctx, again, parser(), file, opts),
    );
    expect(await derived('resting_heart_rate')).toBe(10);
    expect(await derived('daily_totals')).toBe(10);
    // Twenty neighbouring dates: one write of their rows.
    expect(statements.filter((q) => /insert into "?health_derived/i.test(q))).toHaveLength(1);
  });
});

/** A distinct local time in October per row (day i % 30, hour i / 30 % 24, minute i / 720). */
function dayAndTime(i: number): string {
  const day = String(1 + (i % 30)).padStart(2, '0');
  const hour = String(Math.floor(i / 30) % 24).padStart(2, '0');
  return `${day} ${hour}:${String(Math.floor(i / 720)).padStart(2, '0')}`;
}

describe('localized archives', () => {
  it('reads French headers, semicolons, decimal commas, a BOM and pounds', async () => {
    const u = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const done = await importNow(u, await zipOf(WITHINGS_FRENCH_FILES));
    expect(done.report).toMatchObject({ imported: { readings: 2 }, refused: 0 });
    const { rows } = await t.database.raw.query<{ value: number }>(
      `select value from health_measures where user_id = $1 and metric = 'weight'`,
      [u.user.id],
    );
    // 157.2 lb through the catalog: 71.3046… kg, kept at its 3 decimals.
    expect(rows.map((r) => r.value)).toEqual([71.305]);
  });
});

describe('bad input leaves nothing', () => {
  let u: TestUser;
  beforeAll(async () => {
    u = await createTestUser(t);
  });

  it.each([
    ['not a ZIP', () => Promise.resolve(Buffer.from('this is not a zip archive at all')), 'not a ZIP'],
    ['a truncated ZIP', async () => (await zipOf(WITHINGS_FILES)).subarray(0, 900), 'not a ZIP'],
    [
      'a ZIP bomb',
      () => zipOf({ 'raw_tracker_steps.csv': Buffer.alloc(50 * 1024 * 1024, 0x30) }),
      'expands far beyond',
    ],
    [
      'a CSV cut with another delimiter',
      () => zipOf({ 'weight.csv': 'Date|Weight (kg)\n2026-11-02 07:00:00|70' }),
      'delimiter',
    ],
  ])('%s fails with a clear error', async (_name, make, message) => {
    const done = await importNow(u, await make());
    expect(done.state).toBe('failed');
    expect(done.error).toContain(message);
    expect(await liveReadings(u)).toBe(0);
    expect(await seriesDays(u)).toBe(0);
  });

  it('a file failing after stored batches keeps nothing of them', async () => {
    const rows = ['Date,Weight (kg)'];
    for (let i = 0; i < IMPORT_BATCH + 1; i++)
      rows.push(
        `"2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')} 0${i % 10}:${String(i % 60).padStart(2, '0')}:00","${60 + (i % 20)}"`,
      );
    const done = await importNow(
      u,
      await zipOf({ 'weight.csv': rows.join('\n'), 'bp.csv': 'Date|Systolic\n1|2' }),
    );
    expect(done.state).toBe('failed');
    expect(await liveReadings(u)).toBe(0);
  });

  it('refuses a chunk that does not continue the upload, with the offset to resume from', async () => {
    const created = await u.client.post('/api/me/imports', {
      format: 'withings_archive',
      fileName: 'a.zip',
      size: 10,
    });
    const { id } = created.json() as { id: string };
    const res = await u.client.put(`/api/me/imports/${id}/content`, Buffer.from('abc'), {
      headers: { 'content-type': 'application/octet-stream', 'content-range': 'bytes 3-5/10' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details).toEqual({ bytesReceived: 0 });
  });
});
