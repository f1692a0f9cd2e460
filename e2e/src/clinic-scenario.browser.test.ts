import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { factoryKey } from '../../server/src/features/devices/factory-key';
import { checkPage, checkPageInFrench, clinicPerson, createClinicByCli, pageApi } from './clinic-flows';
import { browserSuite } from './flows';
import { hasChromium } from './harness';

/**
 * Issue #15's "done when", end to end: the admin invites a clinician; the clinician enrols a patient
 * with a clinic device (the admin reserves a cellular monitor from the stock for the enrolment); the
 * monitor, paired to the patient on enrolment, activates and sends an urgent reading without a phone;
 * the alert is in the queue, escalates by mail (escalation after 1 minute), and is resolved with a
 * note; the patient sees the read in their access log and stops sharing; the clinician then sees
 * nothing new, and the admin takes the monitor back into the stock (unpaired).
 */
const COOKIE_SECRET = 'e2e-clinic-scenario-cookie-secret-0123456789';
const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-e2e-clinic-scenario-'));
const suite = browserSuite({ VITALBASE_DATA_DIR: dataDir, COOKIE_SECRET });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const tag = Date.now().toString(36);
const CLINIC = 'Cabinet Lumière';
const unit = {
  serial: `CELL-${tag}`.toUpperCase(),
  mac: '02:00:00:00:00:01',
  modelId: 'vb-bpm',
  claimCode: 'C3LL42',
};

/** The monitor's own calls (no browser, no phone): activation, then sync with its credential. */
async function monitor(url: string, route: string, body: unknown, credential?: string) {
  return fetch(`${url}${route}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(credential ? { authorization: `Bearer ${credential}`, 'idempotency-key': `k-${Date.now()}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

describe.skipIf(!hasChromium)('a clinic, end to end', () => {
  it('invite, enrol with a clinic device, urgent reading, escalation, resolution, stop sharing', async () => {
    const server = suite.server;
    const emails = {
      admin: `scn-admin-${tag}@example.test`,
      clinician: `scn-clinician-${tag}@example.test`,
      patient: `scn-patient-${tag}@example.test`,
    };
    const admin = await clinicPerson(suite, 'Dr Alice Admin', emails.admin, true);
    await createClinicByCli(suite, dataDir, CLINIC, emails.admin);
    const { clinics } = await pageApi<{ clinics: Array<{ id: string }> }>(admin.page, 'GET', '/api/clinics');
    const clinicId = clinics[0]!.id;
    // A short escalation, so the scenario sees it within the escalation job's minute.
    await pageApi(admin.page, 'PATCH', `/api/clinics/${clinicId}`, { escalationMinutes: 1 });

    // The admin invites a clinician; the clinician (a second factor on) joins from the mail.
    await admin.page.goto(`${server.url}/clinics/${clinicId}`);
    const staff = admin.page.getByRole('region', { name: 'Staff', exact: true });
    await staff.getByLabel('Email', { exact: true }).fill(emails.clinician);
    await staff.getByLabel('Role').selectOption('clinician');
    await staff.getByRole('button', { name: 'Send the invitation' }).click();
    await staff.getByText('The invitation is sent.').waitFor();
    const clinician = await clinicPerson(suite, 'Dr Bruno Clinician', emails.clinician, true);
    const invitation = await server.smtp.waitFor(emails.clinician, {
      subject: /invited to join/,
      timeoutMs: 15_000,
    });
    await clinician.page.goto(server.smtp.linkIn(invitation));
    await clinician.page.getByRole('button', { name: 'Join the care team' }).click();
    await clinician.page.getByRole('link', { name: 'Open the clinic' }).waitFor();

    // The factory made a cellular monitor; the admin adds it to the clinic's stock on the devices page.
    const made = await fetch(`${server.url}/api/factory/units`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${factoryKey(COOKIE_SECRET)}` },
      body: JSON.stringify({ units: [unit] }),
    });
    expect(made.status).toBe(201);
    await admin.page.getByRole('link', { name: 'Devices of the clinic' }).click();
    await admin.page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    await admin.page.getByLabel('Serial number').fill(unit.serial);
    await admin.page.getByLabel('Claim code (on the device or its box)').fill(unit.claimCode);
    await admin.page.getByRole('button', { name: 'Add to stock' }).click();
    const stock = admin.page.getByRole('list', { name: 'Stock' });
    await stock.getByText('In stock').waitFor();
    await checkPage(admin.page, 'clinic-devices');
    await checkPageInFrench(admin.page, 'clinic-devices');

    // The clinician enrols the patient by email; the admin reserves the monitor for that enrolment.
    const enrolment = await pageApi<{ id: string }>(
      clinician.page,
      'POST',
      `/api/clinics/${clinicId}/patient-invitations`,
      { email: emails.patient },
    );
    const { devices } = await pageApi<{ devices: Array<{ unitId: string }> }>(
      admin.page,
      'GET',
      `/api/clinics/${clinicId}/devices`,
    );
    await pageApi(admin.page, 'POST', `/api/clinics/${clinicId}/devices/${devices[0]!.unitId}/assign`, {
      invitationId: enrolment.id,
    });
    await admin.page.reload();
    await stock.getByText('Reserved for an enrolment').waitFor();

    // The patient accepts from the mail; the monitor is now theirs, and syncs alone.
    const patient = await clinicPerson(suite, 'Jeanne Patiente', emails.patient, false);
    const mail = await server.smtp.waitFor(emails.patient, {
      subject: /share your readings/,
      timeoutMs: 15_000,
    });
    await patient.page.goto(server.smtp.linkIn(mail));
    await patient.page.getByRole('heading', { name: "The clinic's programme terms" }).waitFor();
    await patient.page.getByRole('button', { name: 'I agree and share' }).click();
    await patient.page.getByText(`You now share your readings with ${CLINIC}.`).waitFor();
    const mine = await pageApi<Array<{ serial: string; status: string }>>(
      patient.page,
      'GET',
      '/api/devices',
    );
    expect(mine).toEqual([expect.objectContaining({ serial: unit.serial, status: 'paired' })]);
    const activated = await monitor(server.url, '/api/device/activate', {
      serial: unit.serial,
      claimCode: unit.claimCode,
    });
    expect(activated.status).toBe(200);
    const { credential } = (await activated.json()) as { credential: string };
    const urgent = {
      items: [
        {
          kind: 'reading',
          takenAt: new Date(Date.now() - 2 * 60_000).toISOString(),
          measures: [
            { metric: 'systolic_bp', value: 188, unit: 'mmHg' },
            { metric: 'diastolic_bp', value: 122, unit: 'mmHg' },
          ],
        },
      ],
    };
    expect((await monitor(server.url, '/api/device/sync', urgent, credential)).status).toBe(200);

    // The alert is in the clinician's queue; nobody acknowledges it: it escalates by mail.
    await clinician.page.goto(`${server.url}/clinics/${clinicId}/alerts`);
    const queue = clinician.page.getByRole('list', { name: 'Alerts' });
    await queue.getByRole('link', { name: 'Jeanne Patiente' }).waitFor();
    expect(await queue.textContent()).toContain('188/122');
    const escalation = await server.smtp.waitFor(emails.clinician, {
      subject: /urgent alert not acknowledged/,
      timeoutMs: 150_000,
    });
    expect(escalation.text).not.toContain('188');
    await clinician.page.reload();
    await queue.getByText('Escalated by mail', { exact: false }).waitFor();
    const resolve = queue.getByRole('form', { name: 'Resolve the alert of Jeanne Patiente' });
    await resolve
      .getByLabel('Resolution note')
      .fill('Called the patient: cuff misplaced, 134/86 on recheck.');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await clinician.page.getByText('No alert here.').waitFor();

    // The patient sees the clinic's reads, and stops sharing.
    await patient.page.goto(`${server.url}/privacy`);
    const log = patient.page.getByRole('region', { name: 'Who accessed my data', exact: true });
    await expect.poll(() => log.textContent()).toContain(CLINIC);
    const sharing = patient.page.getByRole('region', { name: 'Clinics', exact: true });
    await sharing.getByRole('button', { name: `Stop sharing with ${CLINIC}` }).click();
    await sharing.getByText('You share nothing with a clinic.').waitFor();

    // A new urgent reading: the clinician sees nothing new, and no longer the patient.
    urgent.items[0]!.takenAt = new Date().toISOString();
    expect((await monitor(server.url, '/api/device/sync', urgent, credential)).status).toBe(200);
    await clinician.page.reload();
    await clinician.page.getByText('No alert here.').waitFor();
    await clinician.page.goto(`${server.url}/clinics/${clinicId}`);
    await clinician.page
      .getByRole('region', { name: 'Patients', exact: true })
      .getByText('No patient yet.')
      .waitFor();

    // The admin takes the monitor back: unpaired, its credential stops.
    await admin.page.reload();
    await stock.getByText('the patient stopped sharing', { exact: false }).waitFor();
    await stock.getByRole('button', { name: `Return to stock: ${unit.serial}` }).click();
    await stock.getByText('In stock').waitFor();
    expect((await monitor(server.url, '/api/device/sync', urgent, credential)).status).toBe(401);

    for (const p of [admin, clinician, patient]) expect(p.problems).toEqual([]);
  }, 300_000);
});
