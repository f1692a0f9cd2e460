import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createTestApp, type TestApp } from '../../test/harness';
import {
  deliveriesOf,
  type Receiver,
  runDueDeliveries,
  SIGNATURE_HEADER,
  startReceiver,
  verifySignature,
} from '../webhooks/webhooks.test-support';
import { escalateUrgentAlerts } from './clinics.jobs';
import { ago, createClinic, enrolPatient, joinStaff } from './clinics.test-support';

let t: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  t = await createTestApp({ config: { webhooksAllowPrivateNetwork: true } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});
afterEach(async () => {
  await t.database.raw.query(`UPDATE webhook_deliveries SET status = 'cancelled' WHERE status = 'pending'`);
  receiver.calls = [];
  receiver.status = 200;
});

async function urgentReading(client: ApiClient) {
  const res = await client.post('/api/health-data/readings', {
    takenAt: ago(t, 0.01),
    measures: [
      { metric: 'systolic_bp', value: 186, unit: 'mmHg' },
      { metric: 'diastolic_bp', value: 121, unit: 'mmHg' },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
}

const now = () => Math.floor(t.clock.now().getTime() / 1000);

describe('escalation settings', () => {
  it('an admin sets the escalation minutes; a care coordinator may not; bad values are refused', async () => {
    const { clinic, admin } = await createClinic(t);
    const coordinator = await joinStaff(t, clinic.id, admin.client, 'care_coordinator');
    const set = await admin.client.patch(`/api/clinics/${clinic.id}`, { escalationMinutes: 10 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ escalationMinutes: 10, webhookUrl: null });
    const denied = await coordinator.client.patch(`/api/clinics/${clinic.id}`, { escalationMinutes: 5 });
    expect(denied.statusCode).toBe(403);
    for (const escalationMinutes of [0, 1441, 2.5, '10']) {
      const res = await admin.client.patch(`/api/clinics/${clinic.id}`, { escalationMinutes });
      expect(res.statusCode, String(escalationMinutes)).toBe(400);
    }
    const hook = `/api/clinics/${clinic.id}/webhook`;
    expect((await coordinator.client.put(hook, { url: `${receiver.url}/x` })).statusCode).toBe(403);
    expect((await coordinator.client.delete(hook)).statusCode).toBe(403);
    const other = await createClinic(t, 'Autre clinique');
    expect((await other.admin.client.put(hook, { url: `${receiver.url}/x` })).statusCode).toBe(404);
    for (const url of ['ftp://example.org/hook', 'not a url', 'https://user:pw@example.org/h']) {
      const res = await admin.client.put(hook, { url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
  });

  it('lists the staff an alert may be assigned to, for every role', async () => {
    const { clinic, admin } = await createClinic(t);
    const coordinator = await joinStaff(t, clinic.id, admin.client, 'care_coordinator');
    const res = await coordinator.client.get(`/api/clinics/${clinic.id}/alert-assignees`);
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res
        .json()
        .assignees.map((a: { userId: string }) => a.userId)
        .sort(),
    ).toEqual([admin.user.id, coordinator.user.id].sort());
  });
});

describe('the escalation webhook', () => {
  it('POSTs a signed event with ids, severity and times (no value) when an urgent alert escalates', async () => {
    const { clinic, admin } = await createClinic(t);
    await admin.client.patch(`/api/clinics/${clinic.id}`, { escalationMinutes: 5 });
    const set = await admin.client.put(`/api/clinics/${clinic.id}/webhook`, { url: `${receiver.url}/rpm` });
    expect(set.statusCode, set.body).toBe(200);
    const { secret } = set.json();
    expect(secret).toMatch(/^whsec_/);
    // Setting the URL again keeps the secret (not shown again); a rotation shows a new one.
    const again = await admin.client.put(`/api/clinics/${clinic.id}/webhook`, { url: `${receiver.url}/rpm` });
    expect(again.json().secret).toBeUndefined();
    expect((await admin.client.get(`/api/clinics/${clinic.id}`)).json().webhookUrl).toBe(
      `${receiver.url}/rpm`,
    );

    const patient = await enrolPatient(t, clinic.id, admin.client, ['blood_pressure']);
    await urgentReading(patient.client);
    expect(await escalateUrgentAlerts(t.app.ctx)).toBe(0); // not yet 5 minutes
    t.clock.advance(6 * 60_000);
    receiver.status = 503; // the clinic's system is down at first: retried on the partners' schedule
    expect(await escalateUrgentAlerts(t.app.ctx)).toBe(1);
    expect(await runDueDeliveries(t)).toEqual(['retrying']);
    receiver.status = 200;
    t.clock.advance(11_000);
    expect(await runDueDeliveries(t)).toEqual(['delivered']);
    expect(receiver.calls).toHaveLength(2);

    const call = receiver.calls[1]!;
    expect(call.path).toBe('/rpm');
    expect(
      verifySignature(secret, call.headers[SIGNATURE_HEADER.toLowerCase()] as string, call.body, now()),
    ).toBe(true);
    expect(
      verifySignature(
        'whsec_wrong',
        call.headers[SIGNATURE_HEADER.toLowerCase()] as string,
        call.body,
        now(),
      ),
    ).toBe(false);
    const event = JSON.parse(call.body);
    const [alert] = (await admin.client.get(`/api/clinics/${clinic.id}/alerts`)).json().alerts;
    expect(event).toMatchObject({
      type: 'clinic.alert.escalated',
      data: {
        clinicId: clinic.id,
        alertId: alert.id,
        patientId: patient.user.id,
        severity: 'urgent',
        raisedAt: alert.raisedAt,
      },
    });
    expect(Object.keys(event.data).sort()).toEqual(
      ['alertId', 'clinicId', 'escalatedAt', 'patientId', 'raisedAt', 'severity'].sort(),
    );
    // No value (ids and instants left out: random hex and milliseconds may hold "121").
    const unstamped = call.body
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '')
      .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '');
    expect(unstamped).not.toMatch(/186|121|systolic|diastolic/);
    expect(await escalateUrgentAlerts(t.app.ctx)).toBe(0); // once
  });

  it('signs with the rotated secret, and cancels what is pending once the webhook is removed', async () => {
    const { clinic, admin } = await createClinic(t);
    await admin.client.patch(`/api/clinics/${clinic.id}`, { escalationMinutes: 1 });
    const hook = `/api/clinics/${clinic.id}/webhook`;
    await admin.client.put(hook, { url: `${receiver.url}/a` });
    const rotated = (await admin.client.put(hook, { url: `${receiver.url}/b`, rotateSecret: true })).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    const patient = await enrolPatient(t, clinic.id, admin.client, ['blood_pressure']);
    await urgentReading(patient.client);
    t.clock.advance(2 * 60_000);
    await escalateUrgentAlerts(t.app.ctx);
    expect(await runDueDeliveries(t)).toEqual(['delivered']);
    const call = receiver.calls[0]!;
    expect(call.path).toBe('/b');
    expect(
      verifySignature(
        rotated.secret,
        call.headers[SIGNATURE_HEADER.toLowerCase()] as string,
        call.body,
        now(),
      ),
    ).toBe(true);

    const second = await enrolPatient(t, clinic.id, admin.client, ['blood_pressure']);
    await urgentReading(second.client);
    t.clock.advance(2 * 60_000);
    await escalateUrgentAlerts(t.app.ctx);
    expect((await admin.client.delete(hook)).statusCode).toBe(204);
    expect(await runDueDeliveries(t)).toEqual(['cancelled']);
    expect((await deliveriesOf(t, second.user.id)).map((d) => d.status)).toEqual(['cancelled']);
    expect(receiver.calls).toHaveLength(1);
  });

  it('a clinic without a webhook sends nothing', async () => {
    const { clinic, admin } = await createClinic(t);
    await admin.client.patch(`/api/clinics/${clinic.id}`, { escalationMinutes: 1 });
    const patient = await enrolPatient(t, clinic.id, admin.client, ['blood_pressure']);
    await urgentReading(patient.client);
    t.clock.advance(2 * 60_000);
    expect(await escalateUrgentAlerts(t.app.ctx)).toBe(1);
    expect(await deliveriesOf(t, patient.user.id)).toEqual([]);
  });
});
