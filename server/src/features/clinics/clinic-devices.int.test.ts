import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type ApiClient, type TestApp } from '../../test/harness';
import { childWithGuardianLink } from '../consents/guardian.test-support';
import { deviceCall, makeUnit, syncKey, type TestUnit } from '../devices/devices.test-support';
import { ago, codeHeader, createClinic, joinStaff } from './clinics.test-support';
import { clinicEnrolments } from './clinics.schema';
import { forgetUserInClinics } from './erasure';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const stock = (clinicId: string) => `/api/clinics/${clinicId}/devices`;

async function register(admin: ApiClient, clinicId: string, unit: TestUnit, cellular = true) {
  const res = await admin.post(stock(clinicId), { serial: unit.serial, claimCode: unit.claimCode, cellular });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { unitId: string; state: string };
}

async function invite(staff: ApiClient, clinicId: string) {
  const res = await staff.post(`/api/clinics/${clinicId}/patient-invitations`, {});
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string };
}

async function accept(
  client: ApiClient,
  code: string,
  url = '/api/clinic-invitations/patient/accept',
  extra = {},
) {
  const view = (await client.get('/api/clinic-invitations', codeHeader(code))).json();
  return client.post(
    url,
    { categories: ['blood_pressure'], termsVersion: view.termsVersion, wordingVersion: view.wording.version },
    { headers: { 'x-invitation-code': code, ...extra } },
  );
}

const urgentBp = () => ({
  kind: 'reading',
  takenAt: ago(t, 0.1),
  measures: [
    { metric: 'systolic_bp', value: 186, unit: 'mmHg' },
    { metric: 'diastolic_bp', value: 121, unit: 'mmHg' },
  ],
});

describe('clinic-provided devices: stock, assignment, pairing on enrolment, return', () => {
  it('pairs a reserved cellular unit to the patient who accepts; it syncs alone; it returns once sharing stops', async () => {
    const { clinic, admin } = await createClinic(t);
    const unit = await makeUnit(t, 'vb-bpm');
    const wrong = await admin.client.post(stock(clinic.id), { serial: unit.serial, claimCode: 'ZZZZZZ' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('claim_invalid');
    const added = await register(admin.client, clinic.id, unit);
    expect(added).toMatchObject({
      state: 'in_stock',
      serial: unit.serial,
      modelId: 'vb-bpm',
      cellular: true,
    });
    const again = await admin.client.post(stock(clinic.id), {
      serial: unit.serial,
      claimCode: unit.claimCode,
    });
    expect(again.json().error.code).toBe('clinic_device_in_stock');

    // Not paired yet: the unit has no account to send to.
    const claim = { serial: unit.serial, claimCode: unit.claimCode };
    const early = await deviceCall(t, undefined, '/api/device/activate', claim);
    expect(early.statusCode).toBe(409);

    const inv = await invite(admin.client, clinic.id);
    const reserved = await admin.client.post(`${stock(clinic.id)}/${added.unitId}/assign`, {
      invitationId: inv.id,
    });
    expect(reserved.statusCode, reserved.body).toBe(200);
    expect(reserved.json()).toMatchObject({ state: 'reserved', invitationId: inv.id });

    const patient = await createTestUser(t);
    expect((await accept(patient.client, inv.code)).statusCode).toBe(200);
    const mine = (await patient.client.get('/api/devices')).json();
    const paired = (Array.isArray(mine) ? mine : mine.devices).find(
      (d: { serial: string }) => d.serial === unit.serial,
    );
    expect(paired).toMatchObject({ status: 'paired', modelId: 'vb-bpm' });
    const listed = (await admin.client.get(stock(clinic.id))).json().devices;
    expect(listed).toEqual([
      expect.objectContaining({ state: 'assigned', patientId: patient.user.id, patientSharing: true }),
    ]);

    // The cellular unit takes its own credential and sends an urgent reading, no phone involved.
    const activated = await deviceCall(t, undefined, '/api/device/activate', claim);
    expect(activated.statusCode, activated.body).toBe(200);
    const { credential } = activated.json();
    const synced = await deviceCall(t, credential, '/api/device/sync', { items: [urgentBp()] }, syncKey());
    expect(synced.statusCode, synced.body).toBe(200);
    const alerts = (await admin.client.get(`/api/clinics/${clinic.id}/alerts?state=active`)).json().alerts;
    expect(alerts).toEqual([expect.objectContaining({ patientId: patient.user.id, severity: 'urgent' })]);

    const inUse = await admin.client.post(`${stock(clinic.id)}/${added.unitId}/return`, {});
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe('clinic_device_in_use');
    expect((await patient.client.delete(`/api/me/clinics/${clinic.id}`)).statusCode).toBe(204);
    expect((await admin.client.get(stock(clinic.id))).json().devices[0].patientSharing).toBe(false);
    const back = await admin.client.post(`${stock(clinic.id)}/${added.unitId}/return`, {});
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ state: 'in_stock', patientId: null });
    // Unpaired from the patient's account: its credential stops; the data it sent stays the patient's.
    const refused = await deviceCall(t, credential, '/api/device/sync', { items: [urgentBp()] }, syncKey());
    expect(refused.statusCode).toBe(401);
    const after = (await patient.client.get('/api/devices')).json();
    expect((Array.isArray(after) ? after : after.devices)[0].status).toBe('unpaired');
    const readings = await patient.client.get(
      `/api/health-data/readings?metric=systolic_bp&from=${ago(t, 2)}&to=${ago(t, -1)}`,
    );
    expect(readings.json().items ?? readings.json().readings).toHaveLength(1);
  });

  it('a claim code activates a unit once; a new credential needs a re-pair by the clinic admin or the owner', async () => {
    const { clinic, admin } = await createClinic(t);
    const clinician = await joinStaff(t, clinic.id, admin.client, 'clinician');
    const unit = await makeUnit(t, 'vb-bpm');
    const added = await register(admin.client, clinic.id, unit);
    const inv = await invite(admin.client, clinic.id);
    await admin.client.post(`${stock(clinic.id)}/${added.unitId}/assign`, { invitationId: inv.id });
    const patient = await createTestUser(t);
    expect((await accept(patient.client, inv.code)).statusCode).toBe(200);
    const claim = { serial: unit.serial, claimCode: unit.claimCode };
    const sync = (credential: string) =>
      deviceCall(t, credential, '/api/device/sync', { items: [urgentBp()] }, syncKey());

    const first = await deviceCall(t, undefined, '/api/device/activate', claim);
    expect(first.statusCode, first.body).toBe(200);
    const { credential } = first.json();
    // Whoever read the claim code off the box cannot take the unit's credential over.
    const second = await deviceCall(t, undefined, '/api/device/activate', claim);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('device_already_activated');
    expect((await sync(credential)).statusCode).toBe(200);

    // Re-pair: the clinician may not, the admin may; the old credential stops, one activation opens.
    const rePair = `${stock(clinic.id)}/${added.unitId}/re-pair`;
    expect((await clinician.client.post(rePair, {})).statusCode).toBe(403);
    const reopened = await admin.client.post(rePair, {});
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect((await sync(credential)).statusCode).toBe(401);
    const again = await deviceCall(t, undefined, '/api/device/activate', claim);
    expect(again.statusCode, again.body).toBe(200);
    expect((await deviceCall(t, undefined, '/api/device/activate', claim)).statusCode).toBe(409);

    // The owner re-pairs their own device the same way; another account's is 404.
    const mine = (await patient.client.get('/api/devices')).json();
    const deviceId = (Array.isArray(mine) ? mine : mine.devices)[0].id;
    const stranger = await createTestUser(t);
    expect((await stranger.client.post(`/api/devices/${deviceId}/re-pair`, {})).statusCode).toBe(404);
    const byOwner = await patient.client.post(`/api/devices/${deviceId}/re-pair`, {});
    expect(byOwner.statusCode, byOwner.body).toBe(200);
    expect(byOwner.json()).toMatchObject({ status: 'paired', credentialIssuedAt: null });
    expect((await sync(again.json().credential)).statusCode).toBe(401);
    expect((await deviceCall(t, undefined, '/api/device/activate', claim)).statusCode).toBe(200);

    // Once the patient stops sharing, the clinic no longer re-pairs the unit (it is theirs).
    expect((await patient.client.delete(`/api/me/clinics/${clinic.id}`)).statusCode).toBe(204);
    const stopped = await admin.client.post(rePair, {});
    expect(stopped.statusCode).toBe(409);
    expect(stopped.json().error.code).toBe('clinic_device_not_with_patient');
  });

  it('lists the open patient invitations with their reserved units, for a unit reserved after inviting', async () => {
    const { clinic, admin } = await createClinic(t);
    const clinician = await joinStaff(t, clinic.id, admin.client, 'clinician');
    const unit = await register(admin.client, clinic.id, await makeUnit(t, 'vb-bpm'));
    const byMail = await clinician.client.post(`/api/clinics/${clinic.id}/patient-invitations`, {
      email: `later-${unit.unitId}@example.test`,
    });
    const printed = await invite(clinician.client, clinic.id);
    const list = `/api/clinics/${clinic.id}/patient-invitations`;
    const before = (await clinician.client.get(list)).json().invitations;
    expect(before.map((i: { id: string }) => i.id)).toEqual([printed.id, byMail.json().id]);
    expect(before[0]).toMatchObject({ email: null, devices: [] });

    // Days later, the admin reserves a unit for the invitation sent by mail.
    const reserved = await admin.client.post(`${stock(clinic.id)}/${unit.unitId}/assign`, {
      invitationId: byMail.json().id,
    });
    expect(reserved.statusCode, reserved.body).toBe(200);
    const after = (await admin.client.get(list)).json().invitations;
    expect(after[1]).toMatchObject({
      email: `later-${unit.unitId}@example.test`,
      devices: [{ unitId: unit.unitId, serial: reserved.json().serial }],
    });
    // Accepted: no longer open. Another clinic's admin: 404.
    expect((await accept((await createTestUser(t)).client, printed.code)).statusCode).toBe(200);
    expect((await admin.client.get(list)).json().invitations).toHaveLength(1);
    const other = await createClinic(t);
    expect((await other.admin.client.get(list)).statusCode).toBe(404);
  });

  it('refuses a unit someone paired, and drops a reservation on return', async () => {
    const { clinic, admin } = await createClinic(t);
    const owned = await makeUnit(t, 'vb-bpm');
    const someone = await createTestUser(t);
    await someone.client.post('/api/devices/pair', { serial: owned.serial, claimCode: owned.claimCode });
    const taken = await admin.client.post(stock(clinic.id), {
      serial: owned.serial,
      claimCode: owned.claimCode,
    });
    expect(taken.json().error.code).toBe('device_already_paired');

    const unit = await register(admin.client, clinic.id, await makeUnit(t, 'vb-scale-body'), false);
    const inv = await invite(admin.client, clinic.id);
    await admin.client.post(`${stock(clinic.id)}/${unit.unitId}/assign`, { invitationId: inv.id });
    const back = await admin.client.post(`${stock(clinic.id)}/${unit.unitId}/return`, {});
    expect(back.json()).toMatchObject({ state: 'in_stock', invitationId: null });
    // The invitation is accepted without the unit: nothing is paired.
    const patient = await createTestUser(t);
    expect((await accept(patient.client, inv.code)).statusCode).toBe(200);
    const mine = (await patient.client.get('/api/devices')).json();
    expect(Array.isArray(mine) ? mine : mine.devices).toHaveLength(0);
    // An accepted invitation takes no unit.
    const late = await admin.client.post(`${stock(clinic.id)}/${unit.unitId}/assign`, {
      invitationId: inv.id,
    });
    expect(late.statusCode).toBe(410);
  });

  it('role × route: only this clinic’s admins; another clinic’s admin, a clinician, removed staff see nothing', async () => {
    const a = await createClinic(t, 'Clinique A');
    const b = await createClinic(t, 'Clinique B');
    const unit = await register(a.admin.client, a.clinic.id, await makeUnit(t, 'vb-bpm'));
    const invB = await invite(b.admin.client, b.clinic.id);
    const clinician = await joinStaff(t, a.clinic.id, a.admin.client, 'clinician');
    const coordinator = await joinStaff(t, a.clinic.id, a.admin.client, 'care_coordinator');
    const removed = await joinStaff(t, a.clinic.id, a.admin.client, 'clinic_admin');
    expect(
      (await a.admin.client.delete(`/api/clinics/${a.clinic.id}/staff/${removed.user.id}`)).statusCode,
    ).toBe(204);

    const routes = (clinicId: string) =>
      [
        ['get', stock(clinicId)],
        ['post', `${stock(clinicId)}/${unit.unitId}/return`],
        ['post', `${stock(clinicId)}/${unit.unitId}/assign`, { invitationId: invB.id }],
      ] as const;
    for (const [method, url, body] of routes(a.clinic.id)) {
      for (const [who, expected] of [
        [clinician.client, 403],
        [coordinator.client, 403],
        [removed.client, 404],
        [b.admin.client, 404],
      ] as const) {
        const res = method === 'get' ? await who.get(url) : await who.post(url, body ?? {});
        expect(res.statusCode, `${url} ${res.body}`).toBe(expected);
      }
    }
    // Clinic B's admin through their own clinic: the unit of A is not theirs.
    for (const [method, url, body] of routes(b.clinic.id).slice(1)) {
      const res =
        method === 'get' ? await b.admin.client.get(url) : await b.admin.client.post(url, body ?? {});
      expect(res.statusCode).toBe(404);
    }
    // Clinic A's admin cannot reserve a unit for clinic B's invitation.
    const cross = await a.admin.client.post(`${stock(a.clinic.id)}/${unit.unitId}/assign`, {
      invitationId: invB.id,
    });
    expect(cross.statusCode).toBe(404);
    // Bad input: 400 with the error body, never a 500.
    for (const body of [{}, { serial: '', claimCode: 'x' }, { serial: 'S', claimCode: 'C', extra: 1 }]) {
      const res = await a.admin.client.post(stock(a.clinic.id), body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBeDefined();
    }
    const badId = await a.admin.client.post(`${stock(a.clinic.id)}/not-a-uuid/return`, {});
    expect(badId.statusCode).toBe(400);
  });

  it('erasure forgets the patient in the stock: the unit is back in stock', async () => {
    const { clinic, admin } = await createClinic(t);
    const unit = await register(admin.client, clinic.id, await makeUnit(t, 'vb-bpm'));
    const inv = await invite(admin.client, clinic.id);
    await admin.client.post(`${stock(clinic.id)}/${unit.unitId}/assign`, { invitationId: inv.id });
    const patient = await createTestUser(t);
    expect((await accept(patient.client, inv.code)).statusCode).toBe(200);
    await t.app.ctx.database.db.transaction((tx) =>
      forgetUserInClinics(tx, patient.user.id, patient.user.email),
    );
    const [row] = (await admin.client.get(stock(clinic.id))).json().devices;
    expect(row).toMatchObject({ state: 'in_stock', patientId: null });
  });
});

describe('a parent accepts a clinic’s programme for a minor', () => {
  it('the child alone is refused; the parent, with their link, enrols the child (accepted_by guardian)', async () => {
    const { clinic, admin } = await createClinic(t);
    const { child, parent, asParent } = await childWithGuardianLink(t);
    const inv = await invite(admin.client, clinic.id);
    const alone = await accept(child, inv.code);
    expect(alone.statusCode).toBe(403);
    expect(alone.json().error.code).toBe('parent_must_consent');

    const guardianUrl = '/api/clinic-invitations/patient/accept-as-guardian';
    const forged = await accept(parent, inv.code, guardianUrl, {
      'x-guardian-token': `${crypto.randomUUID()}.forged-secret-value`,
    });
    expect(forged.statusCode).toBe(404);
    const missing = await accept(parent, inv.code, guardianUrl);
    expect(missing.statusCode).toBe(400);

    const byParent = await accept(parent, inv.code, guardianUrl, asParent.headers);
    expect(byParent.statusCode, byParent.body).toBe(200);
    const sharing = (await child.get('/api/me/clinics')).json();
    expect(JSON.stringify(sharing)).toContain(clinic.id);
    const history = (await child.get('/api/me/consents/history')).json().history;
    expect(history[0]).toMatchObject({
      purpose: `remote_monitoring:${clinic.id}`,
      granted: true,
      method: 'guardian',
    });
    const [enrolment] = await t.app.ctx.database.db
      .select()
      .from(clinicEnrolments)
      .where(eq(clinicEnrolments.clinicId, clinic.id));
    expect(enrolment).toMatchObject({ acceptedBy: 'guardian', categories: ['blood_pressure'] });
    // The invitation is used up: a second acceptance is refused.
    const twice = await parent.post(
      guardianUrl,
      { categories: ['blood_pressure'], termsVersion: 1, wordingVersion: 1 },
      { headers: { 'x-invitation-code': inv.code, ...asParent.headers } },
    );
    expect(twice.statusCode).toBe(410);
  });
});
