import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPage, checkPageInFrench, clinicPerson, createClinicByCli, pageApi } from './clinic-flows';
import { browserSuite } from './flows';
import { hasChromium } from './harness';

/**
 * The clinic's patient list (issue #15): open alerts with the worst severity, this period's days with
 * data (the 16-of-30 rule), blood pressure as one reading; sorted by the worst alert from the form.
 * Desktop and phone, English and French, axe-clean.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-e2e-clinic-list-'));
const suite = browserSuite({ VITALBASE_DATA_DIR: dataDir });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const tag = Date.now().toString(36);

describe.skipIf(!hasChromium)('clinic patient list', () => {
  it('shows alerts, adherence and the latest readings, sorted by the worst alert', async () => {
    const server = suite.server;
    const adminEmail = `list-admin-${tag}@example.test`;
    const admin = await clinicPerson(suite, 'Dr Alice Admin', adminEmail, true);
    await createClinicByCli(suite, dataDir, 'Cabinet Lumière', adminEmail);
    const { clinics } = await pageApi<{ clinics: Array<{ id: string }> }>(admin.page, 'GET', '/api/clinics');
    const clinicId = clinics[0]!.id;

    const enrol = async (name: string, categories: string[]) => {
      const { code } = await pageApi<{ code: string }>(
        admin.page,
        'POST',
        `/api/clinics/${clinicId}/patient-invitations`,
        {},
      );
      const p = await clinicPerson(
        suite,
        name,
        `list-${name.split(' ')[0]!.toLowerCase()}-${tag}@example.test`,
        false,
      );
      const withCode = { 'x-invitation-code': code };
      const view = await pageApi<{ termsVersion: number; wording: { version: number } }>(
        p.page,
        'GET',
        '/api/clinic-invitations',
        undefined,
        withCode,
      );
      await pageApi(
        p.page,
        'POST',
        '/api/clinic-invitations/patient/accept',
        { categories, termsVersion: view.termsVersion, wordingVersion: view.wording.version },
        withCode,
      );
      return p;
    };
    const jeanne = await enrol('Jeanne Patiente', ['blood_pressure', 'weight']);
    const paul = await enrol('Paul Lefèvre', ['weight']);
    const takenAt = new Date(Date.now() - 5 * 60_000).toISOString();
    await pageApi(jeanne.page, 'POST', '/api/health-data/readings', {
      takenAt,
      measures: [
        { metric: 'systolic_bp', value: 186, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 112, unit: 'mmHg' },
      ],
    });
    await pageApi(jeanne.page, 'POST', '/api/health-data/readings', {
      takenAt,
      measures: [{ metric: 'weight', value: 81.4, unit: 'kg' }],
    });
    await pageApi(paul.page, 'POST', '/api/health-data/readings', {
      takenAt,
      measures: [{ metric: 'weight', value: 74.2, unit: 'kg' }],
    });

    await admin.page.goto(`${server.url}/clinics/${clinicId}`);
    const list = admin.page.getByRole('region', { name: 'Patient list' });
    await list.getByRole('link', { name: 'Jeanne Patiente' }).waitFor();
    const patients = admin.page.getByRole('region', { name: 'Patients', exact: true });
    await patients.getByLabel('Sort by').selectOption('alerts');
    await patients.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => list.locator('tbody tr').first().textContent()).toContain('Jeanne Patiente');
    const first = (await list.locator('tbody tr').first().textContent()) ?? '';
    expect(first).toContain('186/112');
    expect(first).toContain('Urgent');
    expect(first).toContain('1 day with data of 16');
    // Sign-ups per address are limited: two patients, the second without an alert.
    expect(await list.textContent()).toContain('74.2');
    await checkPage(admin.page, 'clinic-patient-list');
    await checkPageInFrench(admin.page, 'clinic-patient-list');

    await patients.getByLabel('Show').selectOption('alerts');
    await patients.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => list.locator('tbody tr').count()).toBe(1);

    for (const p of [admin, jeanne, paul]) expect(p.problems).toEqual([]);
  }, 240_000);
});
