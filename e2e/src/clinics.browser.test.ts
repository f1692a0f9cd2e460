import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { factoryKey } from '../../server/src/features/devices/factory-key';
import {
  checkPage,
  checkPageInFrench,
  clinicPerson,
  createClinicByCli,
  minorWithGuardianLink,
  pageApi,
} from './clinic-flows';
import { browserSuite } from './flows';
import { hasChromium } from './harness';

/**
 * A clinic's foundation as its people see it (issue #15): the operator creates the clinic (CLI, the
 * server stopped for it: the embedded database is one process), its admin invites a clinician, the
 * clinician enrols a patient by email, the patient reads the terms, picks what to share and accepts,
 * the clinician reads the readings, the patient sees that read in the access log and stops sharing,
 * and the clinician then gets nothing. Then the admin connects the clinic's EHR (its public keys), and
 * a parent accepts the programme for their minor child from the guardian page. Pages checked at
 * desktop and phone, in English and French.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-e2e-clinics-'));
const COOKIE_SECRET = 'e2e-clinics-cookie-secret-0123456789abcdef';
// The EHR's key set URL is served from this process on 127.0.0.1: plain http to loopback is allowed
// for tests only (JWKS_URL_ALLOW_HTTP_LOOPBACK).
const suite = browserSuite({
  VITALBASE_DATA_DIR: dataDir,
  COOKIE_SECRET,
  JWKS_URL_ALLOW_HTTP_LOOPBACK: 'true',
});
let publishedKeys = '{"keys":[]}';
const keyServer = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(publishedKeys);
});
const keyServerUp = new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
afterAll(() => {
  keyServer.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const tag = Date.now().toString(36);
const CLINIC = 'Cabinet Lumière';

// The steps shared with clinic-alerts.browser.test.ts (clinic-flows.ts), named for this file.
const api = pageApi;
const person = (name: string, email: string, withSecondFactor: boolean) =>
  clinicPerson(suite, name, email, withSecondFactor);
const check = (page: Page, name: string) => checkPage(page, `clinics-${name}`);
const checkInFrench = (page: Page, name: string) => checkPageInFrench(page, `clinics-${name}`);

/** The clinic and its admin, made by the first test, used by the next ones. */
let admin: Awaited<ReturnType<typeof person>>;
let clinicId = '';

/** An EHR's key pair, as the EHR exports it: the public JWK (and, to paste by mistake, the private). */
function ehrKey(kid: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const meta = { kid, alg: 'ES384', use: 'sig' };
  return {
    public: JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), ...meta }] }, null, 2),
    private: JSON.stringify({ keys: [{ ...privateKey.export({ format: 'jwk' }), ...meta }] }),
  };
}

describe.skipIf(!hasChromium)('clinics', () => {
  it('admin invites a clinician, the clinician enrols a patient, reads, and loses access when sharing stops', async () => {
    const server = suite.server;
    const emails = {
      admin: `admin-${tag}@example.test`,
      clinician: `clinician-${tag}@example.test`,
      patient: `patient-${tag}@example.test`,
    };
    admin = await person('Dr Alice Admin', emails.admin, true);

    // The operator creates the clinic: the server stops for the command (one process on the data dir).
    await createClinicByCli(suite, dataDir, CLINIC, emails.admin);

    // The admin invites a clinician from the clinic's staff section.
    await admin.page.goto(`${server.url}/clinics`);
    await admin.page.getByRole('link', { name: CLINIC }).click();
    await admin.page.getByRole('heading', { name: CLINIC, level: 1 }).waitFor();
    clinicId = new URL(admin.page.url()).pathname.split('/')[2] ?? '';
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

  it("the admin connects the clinic's EHR: a bad key set explained, keys registered, replaced, by URL, removed", async () => {
    const page = admin.page;
    await page.goto(`${suite.server.url}/clinics/${clinicId}`);
    await page.getByRole('link', { name: 'Connect the clinic’s EHR (FHIR)' }).click();
    await page.getByRole('heading', { name: 'EHR connection (FHIR)', level: 1 }).waitFor();
    await page.getByText('No EHR is connected yet.').waitFor();
    // The URL is offered first (the EHR rotates there); this EHR gives its keys to paste.
    expect(await page.getByRole('radio', { name: /^JWKS URL/ }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'Paste the JWKS' }).check();
    const keys = page.getByLabel('Public keys of the EHR (JWKS)');
    const connect = page.getByRole('button', { name: 'Connect the EHR' });
    // Not JSON, then a private key: each said plainly, before anything is saved.
    await keys.fill('{"keys": [');
    await connect.click();
    await page.getByText('This is not JSON').waitFor();
    const first = ehrKey('ehr-2026-1');
    await keys.fill(first.private);
    await connect.click();
    await page.getByText('This key set holds a private key.').waitFor();
    await keys.fill(first.public);
    await connect.click();
    const config = page.getByRole('region', { name: 'What to configure in the EHR' });
    await config.getByText(`${suite.server.url}/oauth/token`).waitFor();
    const clientId = await config.locator('dd code').first().textContent();
    expect(clientId).toMatch(/^clinic-/);
    expect(await config.textContent()).toContain(`${suite.server.url}/fhir/R4/Group/${clinicId}`);
    await check(page, 'ehr');
    await checkInFrench(page, 'ehr');

    // Rotation keeps the client id; disconnecting removes it.
    await page.getByLabel('Public keys of the EHR (JWKS)').fill(ehrKey('ehr-2026-2').public);
    await page.getByRole('button', { name: 'Replace the keys' }).click();
    await config.getByText('ehr-2026-2').waitFor();
    expect(await config.locator('dd code').first().textContent()).toBe(clientId);

    // The EHR now publishes its keys at a URL: an internal address refused with the reason, then its
    // URL fetched and checked by the server; the client id stays.
    await keyServerUp;
    publishedKeys = ehrKey('ehr-2026-3').public;
    const keySetUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/.well-known/jwks.json`;
    await page.getByRole('radio', { name: /^JWKS URL/ }).check();
    const urlField = page.getByLabel('URL of the EHR’s key set (JWKS URL)');
    await urlField.fill('https://10.0.0.8/.well-known/jwks.json');
    await page.getByRole('button', { name: 'Replace the keys' }).click();
    await page.getByText('This URL leads to a private or local network address').waitFor();
    await check(page, 'ehr-url-refused');
    await urlField.fill(keySetUrl);
    await page.getByRole('button', { name: 'Replace the keys' }).click();
    await page.getByText('The key set URL is saved').waitFor();
    await config.getByText(keySetUrl).waitFor();
    expect(await config.locator('dd code').first().textContent()).toBe(clientId);
    await check(page, 'ehr-url');
    await checkInFrench(page, 'ehr-url');
    expect(await page.getByRole('radio', { name: /^JWKS URL/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Disconnect the EHR…' }).click();
    await page.getByRole('button', { name: 'Disconnect now' }).click();
    await page.getByText('No EHR is connected yet.').waitFor();
    expect(admin.problems).toEqual([]);
  });

  it('a parent accepts the programme for their minor child, from the guardian page', async () => {
    const server = suite.server;
    const child = { email: `kid-${tag}@example.test`, name: 'Léa Enfant' };
    const parentEmail = `parent-${tag}@example.test`;
    const link = await minorWithGuardianLink(server, child, parentEmail);
    const { code } = await api<{ code: string }>(
      admin.page,
      'POST',
      `/api/clinics/${clinicId}/patient-invitations`,
      {},
    );

    // The admin's open invitations: the printed code, a unit of the stock to reserve for it.
    const unit = {
      serial: `KID-${tag}`.toUpperCase(),
      mac: '02:00:00:00:00:07',
      modelId: 'vb-bpm',
      claimCode: 'K1D042',
    };
    const made = await fetch(`${server.url}/api/factory/units`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${factoryKey(COOKIE_SECRET)}` },
      body: JSON.stringify({ units: [unit] }),
    });
    expect(made.status).toBe(201);
    await api(admin.page, 'POST', `/api/clinics/${clinicId}/devices`, {
      serial: unit.serial,
      claimCode: unit.claimCode,
      cellular: true,
    });
    await admin.page.goto(`${server.url}/clinics/${clinicId}`);
    await admin.page
      .getByRole('form', { name: 'Reserve a device for Printed code' })
      .getByLabel('Device in stock')
      .waitFor();
    await check(admin.page, 'clinic-invitations');
    await checkInFrench(admin.page, 'clinic-invitations');

    // In French first (a French browser), up to the terms: then the same link in English, accepted.
    const parentFr = await suite.open({ locale: 'fr-FR' });
    await parentFr.page.goto(link);
    const sectionFr = parentFr.page.getByRole('region', {
      name: `Le programme d’un cabinet pour ${child.name}`,
    });
    await sectionFr.getByLabel('Code d’inscription').fill(code);
    await sectionFr.getByRole('button', { name: 'Continuer' }).click();
    await sectionFr.getByRole('button', { name: `J’accepte pour ${child.name}` }).waitFor();
    await checkPage(parentFr.page, 'clinics-guardian-enrolment-fr');

    const parent = await suite.open();
    await parent.page.goto(link);
    const section = parent.page.getByRole('region', { name: `A clinic’s programme for ${child.name}` });
    await section.getByLabel('Enrolment code').fill(code);
    await section.getByRole('button', { name: 'Continue' }).click();
    await section.getByRole('heading', { name: "The clinic's programme terms" }).waitFor();
    await expect.poll(() => section.getByLabel('Blood pressure').isChecked()).toBe(true);
    await checkPage(parent.page, 'clinics-guardian-enrolment');
    await section.getByRole('button', { name: `I agree for ${child.name}` }).click();
    await section.getByText(`${child.name} now shares their readings with ${CLINIC}.`).waitFor();

    // The clinic now has the child among its patients.
    const list = await api<{ patients: Array<{ displayName: string }> }>(
      admin.page,
      'GET',
      `/api/clinics/${clinicId}/patients`,
    );
    expect(list.patients.map((p) => p.displayName)).toContain(child.name);
    for (const p of [parent, parentFr]) expect(p.problems).toEqual([]);
  });
});
