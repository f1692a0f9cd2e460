import { existsSync } from 'node:fs';
import { getTableName } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tablesWithUserData } from '../../db/delete-user-data';
import { type JobQueue, startJobs } from '../../jobs';
import { expectValidFhir } from '../../test/fhir-validate';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { exportBuildJob as buildJob, exportSweepJob as sweepJob } from './export.jobs';
import { NOT_EXPORTED, otherTables, TABLE_SECTIONS } from './export-sections';
import { EXPORTS_PER_DAY, exportFilePath } from './export.service';
import { csvLines, readZip, seedAccount } from './export.test-support';

const DAY = 24 * 3600_000;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { dataRegion: 'Iceland (EEA)' } });
});
afterAll(() => t?.close());

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await t.database.raw.query<{ n: number | string }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

/** Asks for an export and builds it with the job's own code (the queue itself is tested below). */
async function exportNow(u: TestUser): Promise<{ id: string; zip: Map<string, Buffer> }> {
  const res = await u.client.post('/api/privacy/exports');
  expect(res.statusCode, res.body).toBe(202);
  const { id } = res.json() as { id: string };
  expect(await buildJob.run(t.app.ctx, { userId: u.user.id, exportId: id })).toBe('built');
  const download = await u.client.get(`/api/privacy/exports/${id}/download`);
  expect(download.statusCode, download.body.slice(0, 200)).toBe(200);
  expect(download.headers['content-type']).toBe('application/zip');
  expect(download.headers['content-disposition']).toMatch(
    /^attachment; filename="vitalbase-data-\d{4}-\d\d-\d\d\.zip"$/,
  );
  return { id, zip: await readZip(download.rawPayload) };
}

describe('Download my data: the archive', () => {
  let u: TestUser;
  let zip: Map<string, Buffer>;
  let data: Record<string, unknown>;
  let heartRatePoints: number;

  beforeAll(async () => {
    u = await createTestUser(t);
    ({ heartRatePoints } = await seedAccount(t, u));
    ({ zip } = await exportNow(u));
    data = JSON.parse(zip.get('data.json')!.toString('utf8'));
  });

  it('holds the summary, the JSON, a CSV per metric and the FHIR files', () => {
    const names = [...zip.keys()];
    expect(names.slice(0, 2)).toEqual(['summary.html', 'data.json']);
    expect(names).toEqual(
      expect.arrayContaining([
        'csv/weight.csv',
        'csv/blood_pressure.csv',
        'csv/heart_rate.csv',
        'csv/sessions.csv',
        'fhir/Patient.ndjson',
        'fhir/Device.ndjson',
        'fhir/Observation.ndjson',
        'fhir/Consent.ndjson',
      ]),
    );
  });

  it('summary.html names the person, the data region, the devices, the metrics and every file', () => {
    const html = zip.get('summary.html')!.toString('utf8');
    expect(html).toContain(u.user.displayName);
    expect(html).toContain(u.user.email);
    expect(html).toContain('Iceland (EEA)');
    expect(html).toContain('Weight');
    expect(html).toContain('Heart rate');
    expect(html).toMatch(/<td>80\.1 kg<\/td>/); // the latest weight (the deleted 99 kg is not)
    expect(html).toContain('News and offers by email');
    for (const name of zip.keys()) expect(html).toContain(`<td>${name}</td>`);
  });

  it('data.json has the data region and, section by section, as many rows as the database', async () => {
    expect(data.format).toBe('vitalbase-export/1');
    expect(data.dataRegion).toBe('Iceland (EEA)');
    expect(data.identity).toMatchObject({
      id: u.user.id,
      email: u.user.email,
      displayName: u.user.displayName,
    });
    const id = [u.user.id];
    const rows = (key: string) => (data[key] as unknown[]).length;
    expect(rows('readings')).toBe(
      await count('SELECT count(*) AS n FROM health_readings WHERE user_id = $1', id),
    );
    expect(rows('readings')).toBe(4);
    const measures = (data.readings as Array<{ measures: unknown[] }>).reduce(
      (n, r) => n + r.measures.length,
      0,
    );
    expect(measures).toBe(await count('SELECT count(*) AS n FROM health_measures WHERE user_id = $1', id));
    expect(rows('series')).toBe(
      await count('SELECT count(*) AS n FROM health_series_days WHERE user_id = $1', id),
    );
    const points = (data.series as Array<{ points: unknown[] }>).reduce((n, d) => n + d.points.length, 0);
    expect(points).toBe(heartRatePoints);
    expect(rows('sessions')).toBe(1);
    for (const section of TABLE_SECTIONS) {
      const table = getTableName(section.table);
      // The download itself is audited after the archive was made: that one row is not in it.
      const since = table === 'audit_events' ? ` AND action <> 'export_downloaded'` : '';
      expect(rows(section.key), section.key).toBe(
        await count(`SELECT count(*) AS n FROM "${table}" WHERE user_id = $1${since}`, id),
      );
    }
    expect(rows('consentHistory')).toBe(3);
    expect(rows('accessLog')).toBe(1);
    expect(rows('devices')).toBe(1);
    expect(rows('goals')).toBe(1);
    expect(rows('exports')).toBe(1);
    const other = data.otherData as Record<string, unknown[]>;
    for (const { name } of otherTables()) {
      expect(other[name]?.length, name).toBe(
        await count(`SELECT count(*) AS n FROM "${name}" WHERE user_id = $1`, id),
      );
    }
  });

  it('keeps a correction and a deletion as they are held: the first value, the tombstone', () => {
    const readings = data.readings as Array<{
      deletedAt: string | null;
      measures: Array<Record<string, unknown>>;
    }>;
    const corrected = readings.flatMap((r) => r.measures).find((m) => m.originalValue === 80.5);
    expect(corrected).toMatchObject({ metric: 'weight', value: 80.4 });
    expect(readings.filter((r) => r.deletedAt !== null)).toHaveLength(1);
    expect(readings.find((r) => r.deletedAt !== null)?.measures).toEqual([]);
  });

  it("holds the person's notes on readings: in data.json and csv/reading_notes.csv", () => {
    const notes = data.readingNotes as Array<Record<string, unknown>>;
    expect(notes).toEqual([
      expect.objectContaining({ note: 'After coffee, "before" the run', tags: ['travel', 'morning'] }),
    ]);
    const lines = csvLines(zip.get('csv/reading_notes.csv'));
    expect(lines[0]).toBe('reading_id,local_time,utc_time,note,tags,updated_at');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${notes[0]!.readingId},`);
    expect(lines[1]).toMatch(/\+02:00,.*Z,"After coffee, ""before"" the run",travel \| morning,/);
  });

  it('every table with user data is in data.json, or left out with a reason', () => {
    const keys = new Set([...Object.keys(data), ...Object.keys(data.otherData as object)]);
    const sectionTables = new Map(TABLE_SECTIONS.map((s) => [getTableName(s.table), s.key]));
    const health: Record<string, string> = {
      health_readings: 'readings',
      health_measures: 'readings',
      health_series_days: 'series',
      health_sessions: 'sessions',
    };
    for (const { name } of tablesWithUserData()) {
      if (name in NOT_EXPORTED) continue;
      expect(keys.has(health[name] ?? sectionTables.get(name) ?? name), name).toBe(true);
    }
  });

  it('never holds a secret: password hash, token hashes, the authenticator secret', async () => {
    const json = zip.get('data.json')!.toString('utf8');
    const [user] = (
      await t.database.raw.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
        u.user.id,
      ])
    ).rows;
    expect(json).not.toContain(user!.password_hash);
    const { rows: sessions } = await t.database.raw.query<{ id: string }>(
      'SELECT id FROM sessions WHERE user_id = $1',
      [u.user.id],
    );
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) expect(json).not.toContain(s.id);
    expect(json).not.toMatch(/"(passwordHash|secretHash|tokenHash|codeHash|secret|credentialHash)"/);
  });

  it('a CSV per metric: one row per value, local time with offset, UTC, value, unit, source', async () => {
    const weight = csvLines(zip.get('csv/weight.csv'));
    expect(weight[0]).toBe('local_time,utc_time,value,unit,source,device_id,kind,original_value');
    expect(weight.length - 1).toBe(
      await count(`SELECT count(*) AS n FROM health_measures WHERE user_id = $1 AND metric = 'weight'`, [
        u.user.id,
      ]),
    );
    const corrected = weight.find((line) => line.endsWith(',80.5'))!;
    const [local, utc, value, unit, source] = corrected.split(',');
    expect(local).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+02:00$/);
    expect(new Date(local!).getTime()).toBe(new Date(utc!).getTime());
    expect([value, unit, source]).toEqual(['80.4', 'kg', 'manual']);
    const hr = csvLines(zip.get('csv/heart_rate.csv'));
    expect(hr.length - 1).toBe(heartRatePoints);
    expect(hr[1]).toMatch(/^[^,]+Z?,[^,]+Z,\d+,bpm,device,watch-1,series,$/);
    const sessions = csvLines(zip.get('csv/sessions.csv'));
    expect(sessions).toHaveLength(2);
    expect(sessions[1]).toMatch(/^sleep,.*,25200,/);
  });
});

describe('Download my data: the FHIR files', () => {
  it('Patient, Device, Observation (LOINC, UCUM) and Consent, every line a valid R4 resource', async () => {
    const u = await createTestUser(t);
    await seedAccount(t, u);
    const { zip } = await exportNow(u);
    const lines = (name: string) =>
      csvLines(zip.get(`fhir/${name}.ndjson`)).map((l) => JSON.parse(l) as Record<string, unknown>);
    const patients = lines('Patient');
    expect(patients).toHaveLength(1);
    expect(patients[0]).toMatchObject({ resourceType: 'Patient', id: u.user.id });
    const devices = lines('Device');
    expect(devices).toHaveLength(
      await count('SELECT count(*) AS n FROM devices WHERE user_id = $1', [u.user.id]),
    );
    const consents = lines('Consent');
    expect(consents).toHaveLength(
      await count('SELECT count(*) AS n FROM consents WHERE user_id = $1', [u.user.id]),
    );
    const observations = lines('Observation');
    // Two weigh-ins left (one deleted) and one blood-pressure panel; series give no Observation.
    expect(observations).toHaveLength(3);
    const codes = observations.map((o) => (o.code as { coding: Array<{ code: string }> }).coding[0]!.code);
    expect(codes.sort()).toEqual(['29463-7', '29463-7', '85354-9']);
    const weight = observations.find((o) => JSON.stringify(o).includes('"value":80.4'))!;
    expect(weight.valueQuantity).toMatchObject({
      value: 80.4,
      system: 'http://unitsofmeasure.org',
      code: 'kg',
    });
    for (const resource of [...patients, ...devices, ...observations, ...consents]) expectValidFhir(resource);
  });
});

describe('Download my data: the request, the job, the mail and the link', () => {
  it('runs through the real job queue, shows progress, mails a link to the exports page only', async () => {
    const u = await createTestUser(t);
    await seedAccount(t, u);
    const queue: JobQueue = await startJobs(t.app.ctx, [buildJob as never], {
      pollingIntervalSeconds: 0.5,
      stopTimeoutMs: 2000,
    });
    t.app.ctx.jobs = queue;
    try {
      const res = await u.client.post('/api/privacy/exports', {});
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({ status: 'queued', progress: 0, expiresAt: null });
      const { id } = res.json() as { id: string };
      const mail = await t.smtp.waitFor(u.user.email, { subject: /ready to download/, timeoutMs: 30_000 });
      expect(t.smtp.linkIn(mail)).toBe('http://localhost:8080/privacy/exports');
      expect(mail.text).not.toContain(id);
      expect(mail.text).not.toMatch(/bpm|kg|weight|heart/i);
      const list = await u.client.get('/api/privacy/exports');
      expect(list.statusCode).toBe(200);
      const [item] = (list.json() as { items: Array<Record<string, unknown>> }).items;
      expect(item).toMatchObject({ id, status: 'ready', progress: 100 });
      expect(
        new Date(item!.expiresAt as string).getTime() - new Date(item!.finishedAt as string).getTime(),
      ).toBe(7 * DAY);
      expect(item!.sizeBytes).toBeGreaterThan(1000);
      const audit = await count(
        `SELECT count(*) AS n FROM audit_events WHERE user_id = $1 AND action = 'export_requested'`,
        [u.user.id],
      );
      expect(audit).toBe(1);
    } finally {
      t.app.ctx.jobs = undefined;
      await queue.stop();
    }
  });

  it('one export at a time, a few a day', async () => {
    const u = await createTestUser(t);
    const first = await u.client.post('/api/privacy/exports');
    expect(first.statusCode).toBe(202);
    const again = await u.client.post('/api/privacy/exports');
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'export_in_progress',
      details: { id: first.json().id },
    });
    await buildJob.run(t.app.ctx, { userId: u.user.id, exportId: first.json().id });
    for (let i = 1; i < EXPORTS_PER_DAY; i++) {
      const res = await u.client.post('/api/privacy/exports');
      expect(res.statusCode, res.body).toBe(202);
      await buildJob.run(t.app.ctx, { userId: u.user.id, exportId: res.json().id });
    }
    const over = await u.client.post('/api/privacy/exports');
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('too_many_requests');
    t.clock.advance(DAY + 1000);
    const res = await u.client.post('/api/privacy/exports');
    expect(res.statusCode, res.body).toBe(202);
    await buildJob.run(t.app.ctx, { userId: u.user.id, exportId: res.json().id });
  });

  it('expires after 7 days: 410, and the sweep deletes the file', async () => {
    const u = await createTestUser(t);
    const { id } = await exportNow(u);
    const file = exportFilePath(t.config, u.user.id, id);
    expect(existsSync(file)).toBe(true);
    t.clock.advance(7 * DAY - 60_000);
    expect((await u.client.get(`/api/privacy/exports/${id}/download`)).statusCode).toBe(200);
    t.clock.advance(60_000);
    const gone = await u.client.get(`/api/privacy/exports/${id}/download`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error.code).toBe('gone');
    const [item] = (await u.client.get('/api/privacy/exports')).json().items;
    expect(item).toMatchObject({ id, status: 'expired' });
    expect((await sweepJob.run(t.app.ctx, {})) as { expired: number }).toMatchObject({
      expired: expect.any(Number),
    });
    expect(existsSync(file)).toBe(false);
    expect((await u.client.get(`/api/privacy/exports/${id}/download`)).statusCode).toBe(410);
  });

  it('the sweep builds a request no queue took, and fails a build that died with its server', async () => {
    const u = await createTestUser(t);
    const res = await u.client.post('/api/privacy/exports');
    const { id } = res.json() as { id: string };
    t.clock.advance(2 * 60_000);
    const swept = (await sweepJob.run(t.app.ctx, {})) as { built: number };
    expect(swept.built).toBeGreaterThanOrEqual(1);
    expect((await u.client.get(`/api/privacy/exports/${id}/download`)).statusCode).toBe(200);

    const dead = (await u.client.post('/api/privacy/exports')).json() as { id: string };
    await t.database.raw.query(
      `UPDATE privacy_exports SET status = 'running', touched_at = $3 WHERE user_id = $1 AND id = $2`,
      [u.user.id, dead.id, t.clock.now()],
    );
    t.clock.advance(16 * 60_000);
    expect(((await sweepJob.run(t.app.ctx, {})) as { abandoned: number }).abandoned).toBeGreaterThanOrEqual(
      1,
    );
    const [item] = (await u.client.get('/api/privacy/exports')).json().items;
    expect(item).toMatchObject({ id: dead.id, status: 'failed' });
    expect(item.failure).toMatch(/interrupted/);
    expect((await u.client.post('/api/privacy/exports')).statusCode).toBe(202);
  });
});

describe('Download my data: access and bad input', () => {
  let owner: TestUser;
  let id: string;
  beforeAll(async () => {
    owner = await createTestUser(t);
    ({ id } = await exportNow(owner));
  });

  it("another user gets 404 for someone else's export and never sees it listed", async () => {
    const stranger = await createTestUser(t);
    const res = await stranger.client.get(`/api/privacy/exports/${id}/download`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect((await stranger.client.get('/api/privacy/exports')).json().items).toEqual([]);
    // Their own request does not touch the owner's.
    expect((await stranger.client.post('/api/privacy/exports')).statusCode).toBe(202);
    expect((await owner.client.get(`/api/privacy/exports/${id}/download`)).statusCode).toBe(200);
  });

  it('needs a signed-in browser or an export token: no session is 401, another token is 403, a forged request (no CSRF) fails', async () => {
    const anonymous = t.client();
    expect((await anonymous.get(`/api/privacy/exports/${id}/download`)).statusCode).toBe(401);
    expect((await anonymous.get('/api/privacy/exports')).statusCode).toBe(401);
    expect((await anonymous.post('/api/privacy/exports')).statusCode).toBe(401);
    const created = await owner.client.post('/api/me/tokens', {
      name: 'export-test',
      scopes: ['health:read', 'profile:read'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { token } = created.json() as { token: string };
    const bearer = t.client().bearer(token);
    expect((await bearer.get(`/api/privacy/exports/${id}/download`)).statusCode).toBe(403);
    expect((await bearer.post('/api/privacy/exports')).statusCode).toBe(403);
    const forged = await owner.client.post(
      '/api/privacy/exports',
      {},
      { headers: { 'x-csrf-token': 'forged' } },
    );
    expect(forged.statusCode).toBe(403);
  });

  it('a token with the export scope asks for an export, follows it and downloads it, as the CLI would', async () => {
    const created = await owner.client.post('/api/me/tokens', { name: 'backup-script', scopes: ['export'] });
    expect(created.statusCode, created.body).toBe(201);
    const bearer = t.client().bearer((created.json() as { token: string }).token);
    const listed = await bearer.get('/api/privacy/exports');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items.map((e: { id: string }) => e.id)).toContain(id);
    const file = await bearer.get(`/api/privacy/exports/${id}/download`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/zip');
    const asked = await bearer.post('/api/privacy/exports');
    expect([202, 409], asked.body).toContain(asked.statusCode);
    // The export scope opens nothing else.
    expect((await bearer.get('/api/me')).statusCode).toBe(403);
  });

  it('bad input is a 400 in the error format', async () => {
    for (const url of [
      '/api/privacy/exports/not-a-uuid/download',
      `/api/privacy/exports/${id}/download?x=1`,
      '/api/privacy/exports?limit=5',
    ]) {
      const res = await owner.client.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('invalid_input');
    }
    const extra = await owner.client.post('/api/privacy/exports', { format: 'xml' });
    expect(extra.statusCode).toBe(400);
    const notJson = await owner.client.post('/api/privacy/exports', 'zip please', {
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.statusCode).toBeGreaterThanOrEqual(400);
    expect(notJson.statusCode).toBeLessThan(500);
    // An export that is not ready cannot be downloaded yet.
    const other = await createTestUser(t);
    const queued = (await other.client.post('/api/privacy/exports')).json() as { id: string };
    const early = await other.client.get(`/api/privacy/exports/${queued.id}/download`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('export_not_ready');
  });
});
