import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
 * the alert is in the queue, escalates by mail and by the clinic's signed webhook (escalation after
 * 1 minute: the server's clock is moved past it and the minute's check queued at once, no waiting),
 * and is resolved with a note; the patient sees the read in their access log and stops sharing; the
 * clinician then sees nothing new, and the admin takes the monitor back into the stock (unpaired).
 */
const COOKIE_SECRET = 'e2e-clinic-scenario-cookie-secret-0123456789';
const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-e2e-clinic-scenario-'));
const suite = browserSuite(
  // The clinic's own system receives the webhook on this machine (http, a private address).
  { VITALBASE_DATA_DIR: dataDir, COOKIE_SECRET, WEBHOOKS_ALLOW_PRIVATE_NETWORK: 'true' },
  { clock: true },
);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The clinic's system: what its webhook URL received. */
const received: Array<{ body: string; signature: string }> = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => {
    body += chunk.toString();
  });
  req.on('end', () => {
    received.push({ body, signature: String(req.headers['vitalbase-signature'] ?? '') });
    res.writeHead(204).end();
  });
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

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
    // A one-minute escalation, and the clinic's webhook (its secret shown once).
    await pageApi(admin.page, 'PATCH', `/api/clinics/${clinicId}`, { escalationMinutes: 1 });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/escalations`;
    const { secret } = await pageApi<{ secret: string }>(
      admin.page,
      'PUT',
      `/api/clinics/${clinicId}/webhook`,
      { url: hookUrl },
    );

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

    // The clinician enrols the patient by email; the admin then reserves the monitor for that
    // invitation, from the clinic page's open invitations.
    await pageApi(clinician.page, 'POST', `/api/clinics/${clinicId}/patient-invitations`, {
      email: emails.patient,
    });
    await admin.page.goto(`${server.url}/clinics/${clinicId}`);
    const reserve = admin.page.getByRole('form', { name: `Reserve a device for ${emails.patient}` });
    await reserve.getByLabel('Device in stock').waitFor();
    await reserve.getByRole('button', { name: 'Reserve this device' }).click();
    // The confirmation (the invitation's line says "device … reserved" too once the list reloads).
    await admin.page
      .getByRole('status')
      .filter({ hasText: `Device ${unit.serial} reserved` })
      .waitFor();
    await admin.page.getByRole('link', { name: 'Devices of the clinic' }).click();
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
    // A minute later (the server's clock moved), the every-minute check (queued now) escalates it.
    await server.advanceClock(61_000);
    await server.runJob('clinics.escalate-urgent-alerts');
    const escalation = await server.smtp.waitFor(emails.clinician, {
      subject: /urgent alert not acknowledged/,
      timeoutMs: 15_000,
    });
    expect(escalation.text).not.toMatch(/\b188\b/);
    // The clinic's system got the signed event (docs/api-webhooks.md): ids and times, no value.
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);
    const hook = received[0]!;
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(hook.signature) ?? [];
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${hook.body}`).digest('hex'));
    expect(JSON.parse(hook.body)).toMatchObject({
      type: 'clinic.alert.escalated',
      data: { clinicId, severity: 'urgent' },
    });
    expect(hook.body).not.toMatch(/\b188\b/);
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
  }, 120_000);
});
