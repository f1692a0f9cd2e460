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
import { hasChromium, screenshot } from './harness';

/**
 * The care team's records and settings (issue #15): the administrator sets the escalation delay and
 * the clinic's webhook, assigns an alert, logs time (by hand and with the timer), writes a note; the
 * patient stops sharing and enrols again, and the monthly report (printable) shows both periods. Desktop and phone, English and French, axe-clean.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-e2e-clinic-care-'));
const suite = browserSuite({ VITALBASE_DATA_DIR: dataDir });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const tag = Date.now().toString(36);

describe.skipIf(!hasChromium)('clinic care records', () => {
  it('settings, assignment, time log, notes and the monthly report', async () => {
    const server = suite.server;
    const adminEmail = `care-admin-${tag}@example.test`;
    const admin = await clinicPerson(suite, 'Dr Alice Admin', adminEmail, true);
    await createClinicByCli(suite, dataDir, 'Cabinet Lumière', adminEmail);
    const { clinics } = await pageApi<{ clinics: Array<{ id: string }> }>(admin.page, 'GET', '/api/clinics');
    const clinicId = clinics[0]!.id;
    const patient = await clinicPerson(suite, 'Jeanne Patiente', `care-patient-${tag}@example.test`, false);
    await enrolByApi(admin.page, patient.page, clinicId);
    await pageApi(patient.page, 'POST', '/api/health-data/readings', {
      takenAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      measures: [
        { metric: 'systolic_bp', value: 186, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 112, unit: 'mmHg' },
      ],
    });

    // The patient stops sharing and enrols again: two periods of sharing this month
    // (the reading's alert stays open: it was raised while sharing).
    await patient.page.goto(`${server.url}/privacy`);
    const sharing = patient.page.getByRole('region', { name: 'Clinics', exact: true });
    await sharing.getByRole('button', { name: 'Stop sharing with Cabinet Lumière' }).click();
    await sharing.getByText('You share nothing with a clinic.').waitFor();
    await enrolByApi(admin.page, patient.page, clinicId);

    // Escalation settings on the clinic page.
    const page = admin.page;
    await page.goto(`${server.url}/clinics/${clinicId}`);
    const settings = page.getByRole('region', { name: 'Escalation' });
    await settings.getByLabel('Minutes before an unacknowledged urgent alert escalates').fill('15');
    await settings.getByRole('button', { name: 'Save the delay' }).click();
    await settings.getByText('The delay is saved.').waitFor();
    await settings.getByLabel('Webhook URL (https)').fill('https://ehr.example.org/hooks/vitalbase');
    await settings.getByRole('button', { name: 'Save the webhook' }).click();
    await expect.poll(() => settings.locator('code.secret').textContent()).toMatch(/^whsec_/);
    await checkPage(page, 'clinic-care-settings');
    await checkPageInFrench(page, 'clinic-care-settings');

    // Assign the alert in the queue.
    await page.getByRole('link', { name: 'Open the alert queue' }).click();
    const queue = page.getByRole('list', { name: 'Alerts' });
    const assign = queue.getByLabel('Assigned to (alert of Jeanne Patiente)');
    await expect.poll(() => assign.locator('option').count()).toBe(2);
    const assigned = page.waitForResponse((r) => r.url().endsWith('/assign') && r.status() === 200);
    await assign.selectOption({ label: 'Dr Alice Admin' });
    await assigned;
    await page.reload();
    await expect.poll(() => assign.inputValue()).not.toBe('');
    await checkPage(page, 'clinic-care-queue');
    await checkPageInFrench(page, 'clinic-care-queue');

    // The patient page: time by hand, the timer, a note.
    await queue.getByRole('link', { name: 'Jeanne Patiente' }).click();
    const log = page.getByRole('region', { name: 'Time log', exact: true });
    const byHand = log.getByRole('form', { name: 'Log time by hand' });
    await byHand.getByLabel('Minutes').fill('15');
    await byHand.getByLabel('Note').fill('Phone call about the reading');
    await byHand.getByLabel('Interactive communication with the patient').check();
    await byHand.getByRole('button', { name: 'Log the time' }).click();
    await log.getByText('Phone call about the reading').waitFor();
    await expect
      .poll(() => log.textContent())
      .toContain('15 min of care, 15 min of interactive communication');
    await log.getByRole('button', { name: 'Start the timer' }).click();
    await log.getByRole('button', { name: /^Stop the timer/ }).click();
    await expect.poll(() => log.textContent()).toContain('16 min of care');
    const notes = page.getByRole('region', { name: 'Clinic notes' });
    await notes
      .getByRole('textbox', { name: 'New note' })
      .fill('Started ramipril 5 mg; recheck in two weeks.');
    await notes.getByRole('button', { name: 'Save the note' }).click();
    await notes.getByText('Started ramipril 5 mg; recheck in two weeks.').waitFor();
    const periodsNow = page.getByRole('list', { name: 'Periods of sharing' });
    expect(await periodsNow.getByRole('listitem').allTextContents()).toHaveLength(2);
    await checkPage(page, 'clinic-care-patient');
    await checkPageInFrench(page, 'clinic-care-patient');

    // The clinic's monthly report: the line, the CSV link, the print layout.
    await page.goto(`${server.url}/clinics/${clinicId}/report`);
    const table = page.getByRole('table');
    await table.getByRole('rowheader', { name: 'Jeanne Patiente' }).waitFor();
    const line = table.getByRole('row').nth(1);
    // Each period: the first stopped (its days), the second open ("… – sharing").
    const periods = await line.getByRole('listitem').allTextContents();
    expect(periods).toHaveLength(2);
    expect(periods[0]).toMatch(/\d{4}$/);
    expect(periods[1]).toMatch(/\d{4} – sharing$/);
    // After the periods: days, minutes, interactive, alerts raised and resolved, of both periods.
    const cells = await line.getByRole('cell').allTextContents();
    expect(cells.slice(1)).toEqual(['1', '16', '15', '1', '0']);
    const csv = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(csv).toMatch(new RegExp(`^/api/clinics/${clinicId}/report\\.csv\\?month=\\d{4}-\\d{2}$`));
    await checkPage(page, 'clinic-care-report');
    await checkPageInFrench(page, 'clinic-care-report');
    await page.emulateMedia({ media: 'print' });
    await table.getByRole('rowheader', { name: 'Jeanne Patiente' }).waitFor();
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    await screenshot(page, 'clinic-care-report-print');
    await page.emulateMedia({ media: 'screen' });

    for (const p of [admin, patient]) expect(p.problems).toEqual([]);
  }, 300_000);
});
