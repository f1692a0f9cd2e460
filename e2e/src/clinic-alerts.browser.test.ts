import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkPage,
  checkPageInFrench,
  clinicPerson,
  createClinicByCli,
  enrolByApi,
  pageApi,
} from './clinic-flows';
import { browserSuite } from './flows';
import { hasChromium } from './harness';

/**
 * Monitoring as the care team sees it (issue #15): a patient enrolled (blood pressure) posts an urgent
 * reading; the alert is in the clinic's queue; the clinician acknowledges it and resolves it with a
 * note; the patient page shows the thresholds. Desktop and phone, English and French, axe-clean.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-e2e-clinic-alerts-'));
const suite = browserSuite({ VITALBASE_DATA_DIR: dataDir });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const tag = Date.now().toString(36);
const CLINIC = 'Cabinet Lumière';

describe.skipIf(!hasChromium)('clinic alerts', () => {
  it('an urgent reading raises an alert that is acknowledged, then resolved with a note', async () => {
    const server = suite.server;
    const adminEmail = `alerts-admin-${tag}@example.test`;
    const admin = await clinicPerson(suite, 'Dr Alice Admin', adminEmail, true);
    await createClinicByCli(suite, dataDir, CLINIC, adminEmail);
    const { clinics } = await pageApi<{ clinics: Array<{ id: string }> }>(admin.page, 'GET', '/api/clinics');
    const clinicId = clinics[0]!.id;

    // The patient accepts a printed code, sharing blood pressure, and sends an urgent reading.
    const patient = await clinicPerson(suite, 'Jeanne Patiente', `alerts-patient-${tag}@example.test`, false);
    await enrolByApi(admin.page, patient.page, clinicId);
    await pageApi(patient.page, 'POST', '/api/health-data/readings', {
      takenAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      measures: [
        { metric: 'systolic_bp', value: 186, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 112, unit: 'mmHg' },
      ],
    });

    // The queue, from the clinic page.
    await admin.page.goto(`${server.url}/clinics/${clinicId}`);
    await admin.page.getByRole('link', { name: 'Open the alert queue' }).click();
    await admin.page.getByRole('heading', { name: 'Alert queue', level: 1 }).waitFor();
    const queue = admin.page.getByRole('list', { name: 'Alerts' });
    await queue.getByRole('link', { name: 'Jeanne Patiente' }).waitFor();
    expect(await queue.textContent()).toContain('Urgent');
    expect(await queue.textContent()).toContain('186/112');
    await checkPage(admin.page, 'clinic-alerts-queue');
    await checkPageInFrench(admin.page, 'clinic-alerts-queue');

    await queue.getByRole('button', { name: 'Acknowledge the alert of Jeanne Patiente' }).click();
    await expect.poll(() => queue.textContent()).toContain('Acknowledged');
    const resolve = queue.getByRole('form', { name: 'Resolve the alert of Jeanne Patiente' });
    await resolve.getByLabel('Resolution note').fill('Called the patient; recheck in 1 h was 132/84.');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await admin.page.getByText('No alert here.').waitFor();
    await admin.page.getByRole('button', { name: 'Resolved' }).click();
    await admin.page.getByText('Called the patient; recheck in 1 h was 132/84.').waitFor();

    // The patient page: the thresholds, the hypertension preset, editable by the admin.
    await admin.page.getByRole('link', { name: 'Jeanne Patiente' }).click();
    const thresholds = admin.page.getByRole('region', { name: 'Alert thresholds' });
    await thresholds.getByLabel('Systolic, urgent from (mmHg)').waitFor();
    expect(await thresholds.getByLabel('Systolic, urgent from (mmHg)').inputValue()).toBe('180');
    await checkPage(admin.page, 'clinic-alerts-patient');
    await checkPageInFrench(admin.page, 'clinic-alerts-patient');

    // The patient sees the care team's reads of the alert in their access log.
    const log = await pageApi<{ entries: Array<{ purpose: string }> }>(
      patient.page,
      'GET',
      '/api/me/access-log',
    );
    expect(log.entries.map((e) => e.purpose)).toContain('remote patient monitoring: alert resolved');

    for (const p of [admin, patient]) expect(p.problems).toEqual([]);
  }, 240_000);
});
