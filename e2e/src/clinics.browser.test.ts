import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPage, checkPageInFrench, clinicPerson, createClinicByCli, pageApi } from './clinic-flows';
import { browserSuite } from './flows';
import { hasChromium } from './harness';

/**
 * A clinic's foundation as its people see it (issue #15): the operator creates the clinic (CLI, the
 * server stopped for it: the embedded database is one process), its admin invites a clinician, the
 * clinician enrols a patient by email, the patient reads the terms, picks what to share and accepts,
 * the clinician reads the readings, the patient sees that read in the access log and stops sharing,
 * and the clinician then gets nothing. Pages checked at desktop and phone, in English and French.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-e2e-clinics-'));
const suite = browserSuite({ VITALBASE_DATA_DIR: dataDir });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const tag = Date.now().toString(36);
const CLINIC = 'Cabinet Lumière';

// The steps shared with clinic-alerts.browser.test.ts (clinic-flows.ts), named for this file.
const api = pageApi;
const person = (name: string, email: string, withSecondFactor: boolean) =>
  clinicPerson(suite, name, email, withSecondFactor);
const check = (page: Page, name: string) => checkPage(page, `clinics-${name}`);
const checkInFrench = (page: Page, name: string) => checkPageInFrench(page, `clinics-${name}`);

describe.skipIf(!hasChromium)('clinics', () => {
  it('admin invites a clinician, the clinician enrols a patient, reads, and loses access when sharing stops', async () => {
    const server = suite.server;
    const emails = {
      admin: `admin-${tag}@example.test`,
      clinician: `clinician-${tag}@example.test`,
      patient: `patient-${tag}@example.test`,
    };
    const admin = await person('Dr Alice Admin', emails.admin, true);

    // The operator creates the clinic: the server stops for the command (one process on the data dir).
    await createClinicByCli(suite, dataDir, CLINIC, emails.admin);

    // The admin invites a clinician from the clinic's staff section.
    await admin.page.goto(`${server.url}/clinics`);
    await admin.page.getByRole('link', { name: CLINIC }).click();
    await admin.page.getByRole('heading', { name: CLINIC, level: 1 }).waitFor();
    const staff = admin.page.getByRole('region', { name: 'Staff', exact: true });
    await staff.getByLabel('Email', { exact: true }).fill(emails.clinician);
    await staff.getByLabel('Role').selectOption('clinician');
    await staff.getByRole('button', { name: 'Send the invitation' }).click();
    await staff.getByText('The invitation is sent.').waitFor();
    await staff.getByText(emails.clinician).waitFor();
    await check(admin.page, 'clinic-admin');

    // The clinician (a second factor on) accepts from the mail and enrols a patient by email.
    const clinician = await person('Dr Bruno Clinician', emails.clinician, true);
    const invitation = await server.smtp.waitFor(emails.clinician, {
      subject: /invited to join/,
      timeoutMs: 15_000,
    });
    await clinician.page.goto(server.smtp.linkIn(invitation));
    await clinician.page.getByText(`${CLINIC} invites you to join its care team as clinician.`).waitFor();
    expect(clinician.page.url()).not.toContain('token=');
    await check(clinician.page, 'staff-invitation');
    await clinician.page.getByRole('button', { name: 'Join the care team' }).click();
    await clinician.page.getByRole('link', { name: 'Open the clinic' }).click();
    const patients = clinician.page.getByRole('region', { name: 'Patients', exact: true });
    await patients.getByText('No patient yet.').waitFor();
    expect(await clinician.page.getByRole('region', { name: 'Staff' }).count()).toBe(0);
    await patients.getByLabel('Email (optional)').fill(emails.patient);
    await patients.getByRole('button', { name: 'Create an enrolment code' }).click();
    await patients.getByTestId('enrolment-code').waitFor();

    // The patient reads the terms, keeps blood pressure only, and accepts.
    const patient = await person('Jeanne Patiente', emails.patient, false);
    const enrol = await server.smtp.waitFor(emails.patient, {
      subject: /share your readings/,
      timeoutMs: 15_000,
    });
    await patient.page.goto(server.smtp.linkIn(enrol));
    await patient.page.getByRole('heading', { name: "The clinic's programme terms" }).waitFor();
    await expect.poll(() => patient.page.getByLabel('Blood pressure').isChecked()).toBe(true);
    await patient.page.getByLabel('Weight', { exact: true }).uncheck();
    await check(patient.page, 'enrolment');
    await checkInFrench(patient.page, 'enrolment');
    await patient.page.getByRole('heading', { name: "The clinic's programme terms" }).waitFor();
    await patient.page.getByLabel('Weight', { exact: true }).uncheck();
    await patient.page.getByRole('button', { name: 'I agree and share' }).click();
    await patient.page.getByText(`You now share your readings with ${CLINIC}.`).waitFor();
    const takenAt = new Date(Date.now() - 3600_000).toISOString();
    await api(patient.page, 'POST', '/api/health-data/readings', {
      takenAt,
      measures: [
        { metric: 'systolic_bp', value: 142, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 91, unit: 'mmHg' },
      ],
    });
    await api(patient.page, 'POST', '/api/health-data/readings', {
      takenAt,
      measures: [{ metric: 'weight', value: 81.7, unit: 'kg' }],
    });

    // The clinician sees the patient, the latest blood pressure, and the readings; never the weight.
    await clinician.page.reload();
    await patients.getByRole('link', { name: 'Jeanne Patiente' }).waitFor();
    await expect.poll(() => patients.textContent()).toContain('142');
    expect(await patients.textContent()).not.toContain('81.7');
    await check(clinician.page, 'clinic-clinician');
    await checkInFrench(clinician.page, 'clinic-clinician');
    await patients.getByRole('link', { name: 'Jeanne Patiente' }).click();
    await clinician.page.getByRole('heading', { name: 'Jeanne Patiente', level: 1 }).waitFor();
    const table = clinician.page.getByRole('table');
    await expect.poll(() => table.textContent()).toContain('142');
    expect(await clinician.page.locator('main').textContent()).not.toContain('81.7');
    await check(clinician.page, 'patient');
    await checkInFrench(clinician.page, 'patient');

    // The patient sees the read with the clinic's name, then stops sharing in one click.
    await patient.page.goto(`${server.url}/privacy`);
    const log = patient.page.getByRole('region', { name: 'Who accessed my data', exact: true });
    await expect.poll(() => log.textContent()).toContain(CLINIC);
    const sharing = patient.page.getByRole('region', { name: 'Clinics', exact: true });
    await sharing.getByText(CLINIC).waitFor();
    await check(patient.page, 'privacy');
    await checkInFrench(patient.page, 'privacy');
    await sharing.getByRole('button', { name: `Stop sharing with ${CLINIC}` }).click();
    await sharing.getByText('You share nothing with a clinic.').waitFor();

    // The clinician now gets nothing: the patient page answers not found, the list is empty.
    await clinician.page.reload();
    await clinician.page.getByRole('alert').waitFor();
    expect(await clinician.page.getByRole('table').count()).toBe(0);
    await clinician.page.goto(`${server.url}/clinics`);
    await clinician.page.getByRole('link', { name: CLINIC }).click();
    await clinician.page
      .getByRole('region', { name: 'Patients', exact: true })
      .getByText('No patient yet.')
      .waitFor();

    for (const p of [admin, clinician, patient]) expect(p.problems).toEqual([]);
  }, 240_000);
});
