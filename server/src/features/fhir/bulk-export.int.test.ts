import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteUserData, tablesWithUserData } from '../../db/delete-user-data';
import { type JobQueue, startJobs } from '../../jobs';
import { expectValidFhir } from '../../test/fhir-validate';
import { createTestApp, type TestApp } from '../../test/harness';
import { connectPartner, registerTestPartnerApp } from '../../test/partner-harness';
import { APP_DISABLED_MESSAGE, disablePartnerAppAsOperator, enablePartnerAppAsOperator } from '../oauth';
import { BULK_EXPORT_JOB, createBulkExportService, EXPORT_TTL_MS } from './bulk-export.service';
import { fhirJobs } from './bulk-export.jobs';
import { createBulkExportRepo } from './bulk-export.repo';
import {
  expectOutcome,
  fhirGet,
  observationCount,
  SMART_SCOPES,
  type SeededPatient,
  seedPatient,
} from './fhir.test-support';

const B = '/fhir/R4';
const DAYS = 6;
let t: TestApp;
let queue: JobQueue;
let alice: SeededPatient;

beforeAll(async () => {
  t = await createTestApp();
  // The export job on a real queue (pg-boss on the test database), as the server runs it.
  queue = await startJobs(
    t.app.ctx,
    fhirJobs.filter((j) => j.name === BULK_EXPORT_JOB),
    { pollingIntervalSeconds: 0.5 },
  );
  t.app.ctx.jobs = queue;
  alice = await seedPatient(t, { days: DAYS });
});
afterAll(async () => {
  t.app.ctx.jobs = undefined;
  await queue?.stop();
  await t?.close();
});

const kickOff = (token: string, query = '', headers: Record<string, string> = { prefer: 'respond-async' }) =>
  fhirGet(t, token, `${B}/Patient/$export${query}`, { accept: 'application/fhir+json', ...headers });

/** Polls the status URL until it stops answering 202. */
async function poll(token: string, statusUrl: string) {
  const path = statusUrl.replace('http://localhost:8080', '');
  for (let i = 0; i < 120; i++) {
    const res = await fhirGet(t, token, path);
    if (res.statusCode !== 202) return res;
    expect(res.headers['x-progress']).toMatch(/%/);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the export never finished');
}

async function download(token: string, url: string): Promise<Resource[]> {
  const res = await fhirGet(t, token, url.replace('http://localhost:8080', ''));
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+ndjson/);
  return res.body
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Resource);
}

describe('Bulk Data export', () => {
  it('kicks off, reports progress, then serves a manifest and valid NDJSON files', async () => {
    const res = await kickOff(alice.token);
    expect(res.statusCode, res.body).toBe(202);
    const statusUrl = res.headers['content-location'] as string;
    expect(statusUrl).toMatch(/^http:\/\/localhost:8080\/fhir\/R4\/bulk-status\/[0-9a-f-]{36}$/);

    const done = await poll(alice.token, statusUrl);
    expect(done.statusCode, done.body).toBe(200);
    const manifest = done.json();
    expect(manifest).toMatchObject({
      requiresAccessToken: true,
      request: `http://localhost:8080${B}/Patient/$export`,
    });
    expect(Date.parse(manifest.transactionTime)).toBeGreaterThan(0);
    const byType = new Map<string, Resource[]>();
    for (const out of manifest.output as Array<{ type: string; url: string; count: number }>) {
      const resources = await download(alice.token, out.url);
      expect(resources.length).toBe(out.count);
      for (const r of resources) {
        expect(r.resourceType).toBe(out.type);
        expectValidFhir(r);
      }
      byType.set(out.type, [...(byType.get(out.type) ?? []), ...resources]);
    }
    expect(byType.get('Patient')?.map((p) => p.id)).toEqual([alice.user.user.id]);
    expect(byType.get('Device')?.map((d) => d.id)).toEqual([alice.deviceId]);
    const observations = byType.get('Observation') ?? [];
    expect(observations.length).toBe(observationCount(DAYS));
    expect(new Set(observations.map((o) => o.id)).size).toBe(observations.length);

    // The same files are another app's business only through its own export: 404 for it.
    const other = await registerTestPartnerApp(t, { scopes: SMART_SCOPES });
    const { accessToken } = await connectPartner(t, alice.user, other, SMART_SCOPES);
    expectOutcome(await fhirGet(t, accessToken, statusUrl.replace('http://localhost:8080', '')), 404);
    expectOutcome(
      await fhirGet(t, accessToken, (manifest.output[0].url as string).replace('http://localhost:8080', '')),
      404,
    );

    // The access was recorded for the user.
    const log = JSON.stringify((await alice.user.client.get('/api/me/access-log')).json());
    expect(log).toContain('observations:all');
  });

  it('honours _type and _since, and refuses what it cannot do', async () => {
    const res = await kickOff(alice.token, '?_type=Device&_since=2000-01-01T00:00:00%2B00:00');
    expect(res.statusCode, res.body).toBe(202);
    const done = await poll(alice.token, res.headers['content-location'] as string);
    expect(done.json().output.map((o: { type: string }) => o.type)).toEqual(['Device']);

    const future = await kickOff(
      alice.token,
      `?_type=Observation&_since=${encodeURIComponent('2199-01-01T00:00:00Z')}`,
    );
    const none = await poll(alice.token, future.headers['content-location'] as string);
    expect(none.json().output).toEqual([]);

    expectOutcome(await kickOff(alice.token, '', {}), 400); // no Prefer: respond-async
    expectOutcome(await kickOff(alice.token, '?_type=Condition'), 400);
    expectOutcome(await kickOff(alice.token, '?_since=yesterday'), 400);
    // Dates lie in years 1900–2200, as every date input (core input-bounds).
    expectOutcome(await kickOff(alice.token, '?_since=0000-01-01T00:00:00Z'), 400);
    expectOutcome(await kickOff(alice.token, '?_outputFormat=text/csv'), 400);
    expectOutcome(await fhirGet(t, alice.token, `${B}/bulk-status/not-an-id`), 404);
    expectOutcome(await fhirGet(t, alice.token, `${B}/bulk-files/x/abc`), 400);
    expectOutcome(await fhirGet(t, undefined, `${B}/Patient/$export`, { prefer: 'respond-async' }), 401);
  });

  it('needs the scope of each type asked for', async () => {
    const app = await registerTestPartnerApp(t, { scopes: SMART_SCOPES });
    const { accessToken } = await connectPartner(t, alice.user, app, ['patient/Device.rs']);
    expectOutcome(await kickOff(accessToken, '?_type=Observation'), 403);
    const res = await kickOff(accessToken);
    const done = await poll(accessToken, res.headers['content-location'] as string);
    expect(done.json().output.map((o: { type: string }) => o.type)).toEqual(['Device']);
  });

  it('cancels an export on DELETE: 202 with an OperationOutcome (Bulk Data IG), then the status is gone', async () => {
    const kick = await kickOff(alice.token, '?_type=Patient');
    const statusPath = (kick.headers['content-location'] as string).replace('http://localhost:8080', '');
    const del = () =>
      t.app.inject({
        method: 'DELETE',
        url: statusPath,
        headers: { authorization: `Bearer ${alice.token}` },
      });
    const res = await del();
    expect(res.statusCode, res.body).toBe(202);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const outcome = res.json();
    expectValidFhir(outcome);
    expect(outcome).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'information' }] });
    expectOutcome(await fhirGet(t, alice.token, statusPath), 404);
    expectOutcome(await del(), 404);
  });

  it('stops the exports of an app the operator disables: refused while disabled, failed (no files) after', async () => {
    const app = await registerTestPartnerApp(t, { scopes: SMART_SCOPES });
    const { accessToken } = await connectPartner(t, alice.user, app, SMART_SCOPES);
    // Queued, not yet run (no queue in this process: the sweep runs it, when the test says).
    t.app.ctx.jobs = undefined;
    const kick = await kickOff(accessToken);
    t.app.ctx.jobs = queue;
    expect(kick.statusCode, kick.body).toBe(202);
    const statusPath = (kick.headers['content-location'] as string).replace('http://localhost:8080', '');
    const id = statusPath.split('/').pop()!;

    await disablePartnerAppAsOperator(t.app.ctx, app.clientId, 'Security review');
    // The status answers as every other FHIR call of a disabled app's token.
    const refused = await fhirGet(t, accessToken, statusPath);
    expectOutcome(refused, 401);
    expect(refused.body).toContain(APP_DISABLED_MESSAGE);
    // The export does not go on while the app is disabled: nothing is read, no file is written.
    expect((await createBulkExportService(t.app.ctx).sweep()).ran).toBe(1);
    const repo = createBulkExportRepo(t.database.db);
    expect(await repo.find(alice.user.user.id, id)).toMatchObject({ status: 'failed' });
    expect(await repo.listFiles(alice.user.user.id, id)).toEqual([]);

    // Enabled again, the app learns the export failed and why; it kicks off a new one to get the data.
    await enablePartnerAppAsOperator(t.app.ctx, app.clientId);
    const failed = await fhirGet(t, accessToken, statusPath);
    expectOutcome(failed, 500);
    expect(failed.body).toContain(APP_DISABLED_MESSAGE);
  });

  it('deletes the files when they expire, and with the account at erasure', async () => {
    const res = await fhirGet(t, alice.token, `${B}/$export?_type=Patient`, { prefer: 'respond-async' });
    expect(res.statusCode).toBe(202);
    const statusUrl = res.headers['content-location'] as string;
    expect((await poll(alice.token, statusUrl)).statusCode).toBe(200);
    const id = statusUrl.split('/').pop()!;
    const repo = createBulkExportRepo(t.database.db);
    expect(await repo.listFiles(alice.user.user.id, id)).toHaveLength(1);

    // Erasure empties every table with a user_id: the exports and their files are among them.
    expect(tablesWithUserData().map((x) => x.name)).toEqual(
      expect.arrayContaining(['fhir_exports', 'fhir_export_files']),
    );
    const bob = await seedPatient(t, { days: 1 });
    const kick = await kickOff(bob.token);
    await poll(bob.token, kick.headers['content-location'] as string);
    const counts = await deleteUserData(t.database.db, bob.user.user.id);
    expect(counts.fhir_export_files).toBeGreaterThan(0);
    expect(counts.fhir_exports).toBe(1);

    // Without a queue in this process the export waits for the sweep, which runs it.
    t.app.ctx.jobs = undefined;
    const waiting = await kickOff(alice.token, '?_type=Device');
    const waitingUrl = (waiting.headers['content-location'] as string).replace('http://localhost:8080', '');
    const inProgress = await fhirGet(t, alice.token, waitingUrl);
    expect(inProgress.statusCode).toBe(202);
    expect(inProgress.headers['x-progress']).toMatch(/queued/);
    expect(inProgress.body).toBe('');
    expect((await createBulkExportService(t.app.ctx).sweep()).ran).toBe(1);
    expect((await fhirGet(t, alice.token, waitingUrl)).statusCode).toBe(200);
    t.app.ctx.jobs = queue;

    // (Last: tokens from the OAuth server do not outlive the moved clock.)
    t.clock.advance(EXPORT_TTL_MS + 60_000);
    const swept = await createBulkExportService(t.app.ctx).sweep();
    expect(swept.expired).toBeGreaterThan(0);
    expect(await repo.find(alice.user.user.id, id)).toBeUndefined();
    expect(await repo.listFiles(alice.user.user.id, id)).toEqual([]);
  });
});
