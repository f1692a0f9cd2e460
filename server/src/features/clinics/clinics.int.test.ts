import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, type TestApp, createTestApp } from '../../test/harness';
import {
  ago,
  codeHeader,
  createClinic,
  enrolPatient,
  joinStaff,
  mailedCode,
  userWithSecondFactor,
} from './clinics.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const range = () => `from=${ago(t, 24 * 30)}&to=${ago(t, -1)}`;

async function bloodPressure(client: { post: (u: string, b: unknown) => Promise<{ statusCode: number }> }) {
  const res = await client.post('/api/health-data/readings', {
    takenAt: ago(t, 2),
    measures: [
      { metric: 'systolic_bp', value: 142, unit: 'mmHg' },
      { metric: 'diastolic_bp', value: 91, unit: 'mmHg' },
    ],
  });
  expect(res.statusCode).toBe(201);
}

describe('a clinic: staff, enrolment with consent, reads in the access log, stop sharing', () => {
  it('runs the story end to end', async () => {
    const { clinic, admin } = await createClinic(t, 'Cabinet Lumière');
    const base = `/api/clinics/${clinic.id}`;
    expect((await admin.client.get('/api/clinics')).json().clinics).toEqual([
      { id: clinic.id, name: 'Cabinet Lumière', role: 'clinic_admin' },
    ]);
    const clinician = await joinStaff(t, clinic.id, admin.client, 'clinician');
    const staff = (await admin.client.get(`${base}/staff`)).json().staff;
    expect(staff.map((s: { role: string }) => s.role).sort()).toEqual(['clinic_admin', 'clinician']);

    // The patient reads the terms and the wording, picks blood pressure only, and accepts.
    const patient = await createTestUser(t, { displayName: 'Jeanne Patiente' });
    const invited = await clinician.client.post(`${base}/patient-invitations`, { email: patient.user.email });
    expect(invited.statusCode, invited.body).toBe(201);
    const code = await mailedCode(t, patient.user.email);
    expect(code).toBe(invited.json().code);
    const view = (await patient.client.get('/api/clinic-invitations', codeHeader(code))).json();
    expect(view).toMatchObject({
      kind: 'patient',
      clinicName: 'Cabinet Lumière',
      termsVersion: 1,
      defaultCategories: ['blood_pressure', 'weight'],
      wording: { version: 1 },
    });
    const accepted = await patient.client.post(
      '/api/clinic-invitations/patient/accept',
      { categories: ['blood_pressure'], termsVersion: 1, wordingVersion: 1 },
      codeHeader(code),
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    // Recorded like the other consents: purpose, wording version, what was agreed.
    const { history } = (await patient.client.get('/api/me/consents/history')).json();
    expect(history[0]).toMatchObject({
      purpose: `remote_monitoring:${clinic.id}`,
      granted: true,
      wordingVersion: 1,
      method: 'web',
      form: { clinicName: 'Cabinet Lumière', termsVersion: 1, categories: ['blood_pressure'] },
    });
    // Single use.
    expect(
      (
        await patient.client.post(
          '/api/clinic-invitations/patient/accept',
          { categories: ['weight'], termsVersion: 1, wordingVersion: 1 },
          codeHeader(code),
        )
      ).statusCode,
    ).toBe(410);

    await bloodPressure(patient.client);
    const weigh = await patient.client.post('/api/health-data/readings', {
      takenAt: ago(t, 1),
      measures: [{ metric: 'weight', value: 81.2, unit: 'kg' }],
    });
    expect(weigh.statusCode).toBe(201);

    // The patient sees the clinic in the privacy center.
    expect((await patient.client.get('/api/me/clinics')).json().sharing).toEqual([
      expect.objectContaining({
        clinicId: clinic.id,
        clinicName: 'Cabinet Lumière',
        categories: ['blood_pressure'],
      }),
    ]);

    // The clinician's list: the patient, the latest blood pressure, no weight (not shared).
    const list = await clinician.client.get(`${base}/patients`);
    expect(list.statusCode, list.body).toBe(200);
    const [row] = list.json().patients;
    expect(row).toMatchObject({ displayName: 'Jeanne Patiente', categories: ['blood_pressure'] });
    expect(row.latest.map((l: { metric: string }) => l.metric).sort()).toEqual([
      'diastolic_bp',
      'systolic_bp',
    ]);

    const readings = await clinician.client.get(
      `${base}/patients/${patient.user.id}/readings?metric=systolic_bp&${range()}`,
    );
    expect(readings.statusCode, readings.body).toBe(200);
    expect(
      readings
        .json()
        .items[0].measures.map((m: { metric: string }) => m.metric)
        .sort(),
    ).toEqual(['diastolic_bp', 'systolic_bp']);
    // Weight was not shared: the same 404 as an unknown patient.
    const weight = await clinician.client.get(
      `${base}/patients/${patient.user.id}/readings?metric=weight&${range()}`,
    );
    expect(weight.statusCode).toBe(404);
    expect(weight.body).not.toContain('81.2');

    // The reads are in the patient's access log, with the clinic's name.
    const log = (await patient.client.get('/api/me/access-log')).json().entries;
    expect(log.length).toBeGreaterThanOrEqual(2);
    for (const entry of log) {
      expect(entry.actor.type).toBe('clinician');
      expect(entry.actor.name).toContain('Cabinet Lumière');
      expect(entry.purpose).toMatch(/^remote patient monitoring/);
    }
    expect(log.flatMap((e: { what: string[] }) => e.what)).toContain('readings:blood_pressure');

    // Stop sharing: reads stop at once, the list no longer holds the patient.
    expect((await patient.client.delete(`/api/me/clinics/${clinic.id}`)).statusCode).toBe(204);
    expect((await patient.client.delete(`/api/me/clinics/${clinic.id}`)).statusCode).toBe(404);
    expect((await patient.client.get('/api/me/clinics')).json().sharing).toEqual([]);
    const withdrawn = (await patient.client.get('/api/me/consents/history')).json().history[0];
    expect(withdrawn).toMatchObject({ purpose: `remote_monitoring:${clinic.id}`, granted: false });
    expect(
      (
        await clinician.client.get(
          `${base}/patients/${patient.user.id}/readings?metric=systolic_bp&${range()}`,
        )
      ).statusCode,
    ).toBe(404);
    expect((await clinician.client.get(`${base}/patients/${patient.user.id}`)).statusCode).toBe(404);
    expect((await clinician.client.get(`${base}/patients`)).json().patients).toEqual([]);
    const after = (await patient.client.get('/api/me/access-log')).json().entries;
    expect(after.length).toBe(log.length);
  });
});

describe('security cells', () => {
  it('clinic A staff never reach clinic B or its patients', async () => {
    const a = await createClinic(t, 'Clinic A');
    const b = await createClinic(t, 'Clinic B');
    const patientB = await enrolPatient(t, b.clinic.id, b.admin.client);
    await bloodPressure(patientB.client);
    const aClient = a.admin.client;
    // Clinic B's routes with A's admin: 404, as an unknown clinic.
    for (const url of [
      `/api/clinics/${b.clinic.id}`,
      `/api/clinics/${b.clinic.id}/patients`,
      `/api/clinics/${b.clinic.id}/staff`,
      `/api/clinics/${b.clinic.id}/patients/${patientB.user.id}/readings?metric=systolic_bp&${range()}`,
    ]) {
      expect((await aClient.get(url)).statusCode, url).toBe(404);
    }
    // B's patient through A's own clinic: 404.
    const viaA = await aClient.get(
      `/api/clinics/${a.clinic.id}/patients/${patientB.user.id}/readings?metric=systolic_bp&${range()}`,
    );
    expect(viaA.statusCode).toBe(404);
    expect((await aClient.get(`/api/clinics/${a.clinic.id}/patients/${patientB.user.id}`)).statusCode).toBe(
      404,
    );
    expect((await aClient.get(`/api/clinics/${a.clinic.id}/patients`)).json().patients).toEqual([]);
    expect((await patientB.client.get('/api/me/access-log')).json().entries).toEqual([]);
  });

  it('a care coordinator reads patients but not settings or staff; a clinician neither', async () => {
    const { clinic, admin } = await createClinic(t);
    const base = `/api/clinics/${clinic.id}`;
    for (const role of ['care_coordinator', 'clinician'] as const) {
      const member = await joinStaff(t, clinic.id, admin.client, role);
      expect((await member.client.get(`${base}/patients`)).statusCode).toBe(200);
      const settings = await member.client.patch(base, { name: 'Renamed' });
      expect(settings.statusCode).toBe(403);
      expect(settings.json().error.code).toBe('clinic_role_forbidden');
      expect((await member.client.get(`${base}/staff`)).statusCode).toBe(403);
      const invite = await member.client.post(`${base}/staff/invitations`, {
        email: 'x@example.test',
        role: 'clinic_admin',
      });
      expect(invite.statusCode).toBe(403);
    }
    const renamed = await admin.client.patch(base, {
      programmeTerms: 'New terms for everyone, version two.',
    });
    expect(renamed.json()).toMatchObject({ termsVersion: 2 });
  });

  it('removed staff lose access at once; the last admin stays', async () => {
    const { clinic, admin } = await createClinic(t);
    const base = `/api/clinics/${clinic.id}`;
    const member = await joinStaff(t, clinic.id, admin.client, 'clinician');
    await enrolPatient(t, clinic.id, member.client);
    expect((await member.client.get(`${base}/patients`)).json().patients).toHaveLength(1);
    expect((await admin.client.delete(`${base}/staff/${member.user.id}`)).statusCode).toBe(204);
    expect((await member.client.get(`${base}/patients`)).statusCode).toBe(404);
    expect((await member.client.get('/api/clinics')).json().clinics).toEqual([]);
    const last = await admin.client.delete(`${base}/staff/${admin.user.id}`);
    expect(last.statusCode).toBe(409);
    expect(last.json().error.code).toBe('last_clinic_admin');
  });

  it('staff without a second factor, tokens and patients get no clinic API', async () => {
    const { clinic, admin } = await createClinic(t);
    const base = `/api/clinics/${clinic.id}`;
    const patient = await enrolPatient(t, clinic.id, admin.client);
    // Staff whose account has no second factor (joined, then turned it off): refused before anything.
    const plain = await createTestUser(t);
    await admin.client.post(`${base}/staff/invitations`, { email: plain.user.email, role: 'clinician' });
    const code = await mailedCode(t, plain.user.email);
    expect(
      (await plain.client.post('/api/clinic-invitations/staff/accept', {}, codeHeader(code))).statusCode,
    ).toBe(200);
    const refused = await plain.client.get(`${base}/patients`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('clinic_second_factor_required');
    // A personal access token, even the admin's: session only.
    const token = await admin.client.post('/api/me/tokens', {
      name: 'all',
      scopes: ['profile:read', 'health:read'],
    });
    const bearer = admin.client.bearer(token.json().token);
    expect((await bearer.get(`${base}/patients`)).statusCode).toBe(403);
    // The patient on staff routes (with or without a second factor): 404 / 403, nothing shown.
    for (const url of [base, `${base}/patients`, `${base}/patients/${patient.user.id}`]) {
      const res = await patient.client.get(url);
      expect(res.statusCode, url).toBe(403);
    }
    const patient2fa = await userWithSecondFactor(t);
    await enrolPatient(t, clinic.id, admin.client, ['weight'], patient2fa);
    expect((await patient2fa.client.get(`${base}/patients`)).statusCode).toBe(404);
    expect((await t.client().get(`${base}/patients`)).statusCode).toBe(401);
  });

  it("refuses a minor's own acceptance, another address's invitation, and stale terms", async () => {
    const { clinic, admin } = await createClinic(t);
    const base = `/api/clinics/${clinic.id}`;
    const minor = await createTestUser(t, { birthDate: '2015-01-01' });
    const code = (await admin.client.post(`${base}/patient-invitations`, {})).json().code;
    const body = { categories: ['weight'], termsVersion: 1, wordingVersion: 1 };
    const res = await minor.client.post('/api/clinic-invitations/patient/accept', body, codeHeader(code));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('parent_must_consent');

    const someone = await createTestUser(t);
    const forOther = (
      await admin.client.post(`${base}/patient-invitations`, { email: 'other@example.test' })
    ).json().code;
    const wrong = await someone.client.post(
      '/api/clinic-invitations/patient/accept',
      body,
      codeHeader(forOther),
    );
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('invitation_for_another_email');

    await admin.client.patch(base, { programmeTerms: 'Changed terms after the patient read them.' });
    const stale = await someone.client.post('/api/clinic-invitations/patient/accept', body, codeHeader(code));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('terms_changed');
    // The code typed in lower case with spaces is the same code.
    const typed = code.toLowerCase().replace(/-/g, ' ');
    expect((await someone.client.get('/api/clinic-invitations', codeHeader(typed))).statusCode).toBe(200);
    expect(
      (await someone.client.get('/api/clinic-invitations', codeHeader('ZZZZ-ZZZZ-ZZZZ-ZZZZ'))).statusCode,
    ).toBe(404);
    expect((await someone.client.get('/api/me/clinics')).json().sharing).toEqual([]);
  });

  it('answers bad input on the clinic routes with 4xx in the error format, no echo', async () => {
    const { clinic, admin } = await createClinic(t);
    const base = `/api/clinics/${clinic.id}`;
    const c = admin.client;
    const cases: Array<[string, Promise<{ statusCode: number; body: string }>]> = [
      ['bad uuid', c.get('/api/clinics/not-a-uuid/patients')],
      ['limit', c.get(`${base}/patients?limit=1000`)],
      ['cursor', c.get(`${base}/patients?cursor=ZQbad`)],
      ['unknown query', c.get(`${base}/patients?sort=ZQname`)],
      ['search too long', c.get(`${base}/patients?search=${'ZQ'.repeat(60)}`)],
      ['role', c.post(`${base}/staff/invitations`, { email: 'a@example.test', role: 'ZQowner' })],
      ['email', c.post(`${base}/staff/invitations`, { email: 'ZQnot-an-email', role: 'clinician' })],
      ['empty settings', c.patch(base, {})],
      ['category', c.patch(base, { defaultCategories: ['ZQmood'] })],
      ['no category', c.patch(base, { defaultCategories: [] })],
      ['metric', c.get(`${base}/patients/${admin.user.id}/readings?metric=ZQx&${range()}`)],
      ['code header', c.get('/api/clinic-invitations', codeHeader('ZQ'))],
      [
        'accept body',
        c.post(
          '/api/clinic-invitations/patient/accept',
          { categories: 'ZQ' },
          codeHeader('ZZZZ-ZZZZ-ZZZZ-ZZZZ'),
        ),
      ],
    ];
    for (const [label, pending] of cases) {
      const res = await pending;
      expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, label).toBeLessThan(500);
      expect(JSON.parse(res.body).error.code, label).toBeTruthy();
      expect(res.body, label).not.toContain('ZQ');
    }
  });

  it("shows only the measures of shared categories, never the patient's own notes", async () => {
    const { clinic, admin } = await createClinic(t);
    const patient = await enrolPatient(t, clinic.id, admin.client, ['weight']);
    const weighIn = await patient.client.post('/api/health-data/readings', {
      takenAt: ago(t, 3),
      measures: [
        { metric: 'weight', value: 70.5, unit: 'kg' },
        { metric: 'fat_ratio', value: 23.4, unit: '%' },
      ],
    });
    expect(weighIn.statusCode, weighIn.body).toBe(201);
    const note = await patient.client.put(`/api/health-data/readings/${weighIn.json().id}/note`, {
      note: 'ZQprivate note',
      tags: [],
    });
    expect(note.statusCode, note.body).toBe(200);
    const base = `/api/clinics/${clinic.id}/patients/${patient.user.id}`;
    const res = await admin.client.get(`${base}/readings?metric=weight&${range()}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items[0].measures.map((m: { metric: string }) => m.metric)).toEqual(['weight']);
    // Instants left out: one taken at :23.4xx holds "23.4" (1 run in ~200, with three instants).
    expect(res.body.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '')).not.toContain('23.4');
    expect(res.body).not.toContain('ZQprivate');
    expect((await admin.client.get(`${base}/readings?metric=fat_ratio&${range()}`)).statusCode).toBe(404);
    const listed = (await admin.client.get(`/api/clinics/${clinic.id}/patients`)).json().patients[0];
    expect(listed.latest).toEqual([expect.objectContaining({ metric: 'weight', value: 70.5 })]);
  });

  it('pages and searches the patient list', async () => {
    const { clinic, admin } = await createClinic(t);
    const base = `/api/clinics/${clinic.id}`;
    for (const name of ['Alice Martin', 'Bruno Martin', 'Chloé Durand']) {
      t.clock.advance(1000);
      await enrolPatient(
        t,
        clinic.id,
        admin.client,
        ['weight'],
        await createTestUser(t, { displayName: name }),
      );
    }
    const first = (await admin.client.get(`${base}/patients?limit=2`)).json();
    expect(first.patients.map((p: { displayName: string }) => p.displayName)).toEqual([
      'Chloé Durand',
      'Bruno Martin',
    ]);
    const second = (await admin.client.get(`${base}/patients?limit=2&cursor=${first.next}`)).json();
    expect(second.patients.map((p: { displayName: string }) => p.displayName)).toEqual(['Alice Martin']);
    expect(second.next).toBeNull();
    const found = (await admin.client.get(`${base}/patients?search=martin`)).json().patients;
    expect(found.map((p: { displayName: string }) => p.displayName)).toEqual([
      'Bruno Martin',
      'Alice Martin',
    ]);
    expect((await admin.client.get(`${base}/patients?search=%25`)).json().patients).toEqual([]);
  });
});
