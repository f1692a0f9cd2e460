import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createTestApp, type TestApp } from '../../test/harness';
import { createHealthDataIngest } from '../health-data';
import { escalateUrgentAlerts } from './clinics.jobs';
import { forgetUserInClinics } from './erasure';
import { ago, createClinic, enrolPatient, joinStaff } from './clinics.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function bp(client: ApiClient, systolic: number, diastolic: number, hoursAgo = 0.1) {
  const res = await client.post('/api/health-data/readings', {
    takenAt: ago(t, hoursAgo),
    measures: [
      { metric: 'systolic_bp', value: systolic, unit: 'mmHg' },
      { metric: 'diastolic_bp', value: diastolic, unit: 'mmHg' },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function weigh(client: ApiClient, kg: number, hoursAgo: number) {
  const res = await client.post('/api/health-data/readings', {
    takenAt: ago(t, hoursAgo),
    measures: [{ metric: 'weight', value: kg, unit: 'kg' }],
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function queue(client: ApiClient, clinicId: string, state = 'active') {
  const res = await client.get(`/api/clinics/${clinicId}/alerts?state=${state}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().alerts as Array<Record<string, unknown> & { id: string; patientId: string }>;
}

const alertUrl = (clinicId: string, a: { id: string; patientId: string }, action: string) =>
  `/api/clinics/${clinicId}/patients/${a.patientId}/alerts/${a.id}/${action}`;

describe('alerts: once per episode, acknowledged, resolved with a note', () => {
  it('raises one urgent alert for an episode, a new one after values came back in range', async () => {
    const { clinic, admin } = await createClinic(t);
    const clinician = await joinStaff(t, clinic.id, admin.client, 'clinician');
    const patient = await enrolPatient(t, clinic.id, clinician.client, ['blood_pressure'], undefined);
    await bp(patient.client, 185, 110, 0.5);
    await bp(patient.client, 190, 112, 0.4); // same episode: no second alert
    let alerts = await queue(clinician.client, clinic.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      patientId: patient.user.id,
      metric: 'blood_pressure',
      severity: 'urgent',
      late: false,
      state: 'open',
      episodeOngoing: true,
      reading: { values: { systolic_bp: 185, diastolic_bp: 110 } },
    });

    await bp(patient.client, 125, 80, 0.3); // back in range: the episode ends
    alerts = await queue(clinician.client, clinic.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.episodeOngoing).toBe(false);
    await bp(patient.client, 150, 85, 0.2); // a new episode, high
    alerts = await queue(clinician.client, clinic.id);
    expect(alerts.map((a) => a.severity)).toEqual(['high', 'urgent']);

    const urgent = alerts[1]!;
    const ack = await clinician.client.post(alertUrl(clinic.id, urgent, 'acknowledge'), {});
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().state).toBe('acknowledged');
    const empty = await clinician.client.post(alertUrl(clinic.id, urgent, 'resolve'), { note: '  ' });
    expect(empty.statusCode).toBe(400);
    const resolved = await clinician.client.post(alertUrl(clinic.id, urgent, 'resolve'), {
      note: 'Called the patient: medication taken late, rechecked fine.',
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({
      state: 'resolved',
      resolutionNote: expect.stringContaining('Called'),
    });
    expect(
      (await clinician.client.post(alertUrl(clinic.id, urgent, 'resolve'), { note: 'again' })).statusCode,
    ).toBe(409);
    expect((await queue(clinician.client, clinic.id)).map((a) => a.id)).not.toContain(urgent.id);
    expect((await queue(clinician.client, clinic.id, 'resolved')).map((a) => a.id)).toEqual([urgent.id]);

    // Assign: to staff who handle alerts only.
    const high = alerts[0]!;
    const assigned = await clinician.client.post(alertUrl(clinic.id, high, 'assign'), {
      assigneeId: admin.user.id,
    });
    expect(assigned.json().assigneeId).toBe(admin.user.id);
    const stranger = await clinician.client.post(alertUrl(clinic.id, high, 'assign'), {
      assigneeId: patient.user.id,
    });
    expect(stranger.statusCode).toBe(400);

    // Every staff read is in the patient's access log, as the clinic.
    const log = (await patient.client.get('/api/me/access-log')).json().entries;
    const purposes = log.map((e: { purpose: string }) => e.purpose);
    expect(purposes).toContain('remote patient monitoring: alert queue');
    expect(purposes).toContain('remote patient monitoring: alert resolved');
    expect(log.every((e: { actor: { type: string } }) => e.actor.type === 'clinician')).toBe(true);
  });

  it('a late-synced old reading is marked late, one step lower (never urgent)', async () => {
    const { clinic, admin } = await createClinic(t, 'Late Clinic');
    const patient = await enrolPatient(t, clinic.id, admin.client, ['blood_pressure']);
    await bp(patient.client, 200, 125, 72);
    const [alert] = await queue(admin.client, clinic.id);
    expect(alert).toMatchObject({ severity: 'high', late: true, state: 'open' });
    // A current in-range reading ends that episode; the old one does not come back as new.
    await bp(patient.client, 120, 75, 0.1);
    await bp(patient.client, 200, 125, 72.5);
    expect(await queue(admin.client, clinic.id)).toHaveLength(1);
  });

  it('weight gain of 1 kg in 24 h raises a heart-failure alert', async () => {
    const { clinic, admin } = await createClinic(t, 'HF Clinic');
    const patient = await enrolPatient(t, clinic.id, admin.client, ['weight']);
    await weigh(patient.client, 80, 20);
    await weigh(patient.client, 80.4, 10);
    expect(await queue(admin.client, clinic.id)).toEqual([]);
    await weigh(patient.client, 81.1, 1);
    const [alert] = await queue(admin.client, clinic.id);
    expect(alert).toMatchObject({
      metric: 'weight_gain',
      severity: 'high',
      reading: { values: { gain24h: 1.1 } },
    });
  });
});

describe('thresholds', () => {
  it('presets by default; clinicians set custom limits in a catalog unit; coordinators may not', async () => {
    const { clinic, admin } = await createClinic(t, 'Threshold Clinic');
    const clinician = await joinStaff(t, clinic.id, admin.client, 'clinician');
    const coordinator = await joinStaff(t, clinic.id, admin.client, 'care_coordinator');
    const patient = await enrolPatient(t, clinic.id, clinician.client, ['blood_pressure', 'weight']);
    const url = `/api/clinics/${clinic.id}/patients/${patient.user.id}/thresholds`;
    const listed = await coordinator.client.get(url);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().thresholds).toEqual([
      expect.objectContaining({
        metric: 'blood_pressure',
        preset: 'hypertension',
        stored: false,
        unit: 'mmHg',
      }),
      expect.objectContaining({
        metric: 'weight_gain',
        preset: 'heart_failure',
        limits: { gain24h: 1, gain7d: 2.5 },
      }),
      // Whatever is shared: no data for 3 full days (adherence.int.test.ts).
      expect.objectContaining({ metric: 'no_transmission', preset: 'adherence', limits: { days: 3 } }),
    ]);
    const custom = {
      limits: { systolicHigh: 130, diastolicHigh: 85, systolicUrgent: 170, diastolicUrgent: 110 },
    };
    const denied = await coordinator.client.put(`${url}/blood_pressure`, custom);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('clinic_role_forbidden');

    // kPa converts to mmHg: 17.3 kPa ≈ 129.8 mmHg.
    const kpa = await clinician.client.put(`${url}/blood_pressure`, {
      limits: { systolicHigh: 17.3, diastolicHigh: 11.3, systolicUrgent: 22.7, diastolicUrgent: 14.7 },
      unit: 'kPa',
    });
    expect(kpa.statusCode, kpa.body).toBe(200);
    const saved = kpa.json().thresholds[0];
    expect(saved).toMatchObject({ preset: 'custom', stored: true });
    expect(saved.limits.systolicHigh).toBeCloseTo(129.8, 0);
    await bp(patient.client, 135, 80);
    const [alert] = await queue(clinician.client, clinic.id);
    expect(alert).toMatchObject({ severity: 'high' });

    for (const [body, status] of [
      [{ limits: { ...custom.limits, systolicUrgent: 120 } }, 422], // urgent below high
      [{ limits: { ...custom.limits, systolicHigh: 400 } }, 422], // outside the catalog range
      [{ limits: custom.limits, unit: 'kg' }, 422], // not a pressure unit
      [{ limits: { systolicHigh: 130 } }, 422], // missing limits
      [{ limits: { ...custom.limits, extra: 1 } }, 422],
      [{ preset: 'fever' }, 400], // another metric's preset
      [{ preset: 'hypertension', limits: custom.limits }, 400],
      [{}, 400],
    ] as const) {
      const res = await clinician.client.put(`${url}/blood_pressure`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().error.code).toBeTruthy();
    }
    expect((await clinician.client.put(`${url}/spo2`, { preset: 'hypoxaemia' })).statusCode).toBe(409);
    expect((await clinician.client.put(`${url}/nonsense`, { preset: 'hypoxaemia' })).statusCode).toBe(400);
    const back = await clinician.client.put(`${url}/blood_pressure`, { preset: 'hypertension' });
    expect(back.json().thresholds[0]).toMatchObject({
      preset: 'hypertension',
      limits: { systolicHigh: 140 },
    });
  });
});

describe('security cells', () => {
  it('clinic A staff never see or act on clinic B alerts; removed staff and stopped sharing end it', async () => {
    const a = await createClinic(t, 'Clinic A');
    const b = await createClinic(t, 'Clinic B');
    const nurse = await joinStaff(t, b.clinic.id, b.admin.client, 'care_coordinator');
    const patientB = await enrolPatient(t, b.clinic.id, b.admin.client, ['blood_pressure']);
    await bp(patientB.client, 185, 100);
    const [alertB] = await queue(nurse.client, b.clinic.id);
    expect(alertB).toBeDefined();

    expect((await a.admin.client.get(`/api/clinics/${b.clinic.id}/alerts`)).statusCode).toBe(404);
    for (const clinicId of [b.clinic.id, a.clinic.id]) {
      for (const action of ['acknowledge', 'assign']) {
        const res = await a.admin.client.post(alertUrl(clinicId, alertB!, action), { assigneeId: null });
        expect(res.statusCode, `${clinicId} ${action}`).toBe(404);
      }
      const th = await a.admin.client.get(`/api/clinics/${clinicId}/patients/${patientB.user.id}/thresholds`);
      expect(th.statusCode).toBe(404);
    }
    expect(await queue(a.admin.client, a.clinic.id)).toEqual([]);

    // Removed staff: refused at once.
    expect(
      (await b.admin.client.delete(`/api/clinics/${b.clinic.id}/staff/${nurse.user.id}`)).statusCode,
    ).toBe(204);
    expect((await nurse.client.get(`/api/clinics/${b.clinic.id}/alerts`)).statusCode).toBe(404);
    expect((await nurse.client.post(alertUrl(b.clinic.id, alertB!, 'acknowledge'), {})).statusCode).toBe(404);

    // Stopped sharing: the alert leaves the queue, no action, and new readings raise nothing.
    const logBefore = (await patientB.client.get('/api/me/access-log')).json().entries.length;
    expect((await patientB.client.delete(`/api/me/clinics/${b.clinic.id}`)).statusCode).toBe(204);
    expect(await queue(b.admin.client, b.clinic.id)).toEqual([]);
    expect((await b.admin.client.post(alertUrl(b.clinic.id, alertB!, 'acknowledge'), {})).statusCode).toBe(
      404,
    );
    await bp(patientB.client, 120, 70);
    await bp(patientB.client, 190, 125);
    expect(await queue(b.admin.client, b.clinic.id, 'open')).toEqual([]);
    expect((await patientB.client.get('/api/me/access-log')).json().entries.length).toBe(logBefore);
  });

  it('raises nothing for a category the patient does not share', async () => {
    const { clinic, admin } = await createClinic(t, 'BP only');
    const patient = await enrolPatient(t, clinic.id, admin.client, ['blood_pressure']);
    await weigh(patient.client, 70, 20);
    await weigh(patient.client, 75, 1);
    await bp(patient.client, 182, 95);
    expect((await queue(admin.client, clinic.id)).map((a) => a.metric)).toEqual(['blood_pressure']);
  });

  it('refuses bad input with a 4xx error body', async () => {
    const { clinic, admin } = await createClinic(t, 'Bad input');
    const base = `/api/clinics/${clinic.id}`;
    for (const url of [
      `${base}/alerts?state=closed`,
      `${base}/alerts?limit=0`,
      `${base}/alerts?cursor=not-a-cursor`,
      `/api/clinics/nope/alerts`,
    ]) {
      const res = await admin.client.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBeTruthy();
    }
    const bad = await admin.client.post(`${base}/patients/x/alerts/y/acknowledge`, {});
    expect(bad.statusCode).toBe(400);
    const unknown = await admin.client.post(
      alertUrl(clinic.id, { id: crypto.randomUUID(), patientId: crypto.randomUUID() }, 'resolve'),
      { note: 'x' },
    );
    expect(unknown.statusCode).toBe(404);
  });
});

describe('erasure of a staff member', () => {
  it('clears their id from the alerts they were assigned, acknowledged or resolved', async () => {
    const { clinic, admin } = await createClinic(t, 'Erasure Clinic');
    const clinician = await joinStaff(t, clinic.id, admin.client, 'clinician');
    const patient = await enrolPatient(t, clinic.id, admin.client, ['blood_pressure']);
    await bp(patient.client, 150, 95);
    const [alert] = await queue(admin.client, clinic.id);
    await admin.client.post(alertUrl(clinic.id, alert!, 'assign'), { assigneeId: clinician.user.id });
    await clinician.client.post(alertUrl(clinic.id, alert!, 'acknowledge'), {});
    await clinician.client.post(alertUrl(clinic.id, alert!, 'resolve'), { note: 'Seen.' });
    await forgetUserInClinics(t.database.db, clinician.user.id);
    const [after] = await queue(admin.client, clinic.id, 'resolved');
    expect(after).toMatchObject({
      id: alert!.id,
      assigneeId: null,
      state: 'resolved',
      resolutionNote: 'Seen.',
    });
    const rows = await t.database.db.execute(
      sql`select count(*)::int as n from clinic_alerts where ${clinician.user.id}::uuid in (acknowledged_by, resolved_by)`,
    );
    expect((rows as unknown as { rows: Array<{ n: number }> }).rows[0]?.n).toBe(0);
  });
});

describe('escalation', () => {
  it('mails admins and clinicians once when an urgent alert is not acknowledged in 30 minutes', async () => {
    const { clinic, admin } = await createClinic(t, 'Escalation Clinic');
    const clinician = await joinStaff(t, clinic.id, admin.client, 'clinician');
    const coordinator = await joinStaff(t, clinic.id, admin.client, 'care_coordinator');
    const patient = await enrolPatient(t, clinic.id, clinician.client, ['blood_pressure']);
    await bp(patient.client, 182, 100);
    await bp(patient.client, 150, 85, 1); // within the same episode
    await escalateUrgentAlerts(t.app.ctx);
    expect((await queue(admin.client, clinic.id))[0]?.escalatedAt).toBeNull();

    t.clock.advance(31 * 60_000);
    expect(await escalateUrgentAlerts(t.app.ctx)).toBeGreaterThanOrEqual(1);
    for (const who of [admin, clinician]) {
      const mail = await t.smtp.waitFor(who.user.email, { subject: /urgent alert/ });
      expect(mail.text).toContain(`/clinics/${clinic.id}/alerts`);
      // No value (the link's clinic id is random hex: it may hold "182" itself).
      expect(mail.text.replaceAll(clinic.id, '')).not.toMatch(/182|mmHg/);
    }
    expect(
      t.smtp.messages.some(
        (m) => JSON.stringify(m).includes(coordinator.user.email) && /urgent/.test(JSON.stringify(m)),
      ),
    ).toBe(false);
    const [alert] = await queue(admin.client, clinic.id);
    expect(alert?.escalatedAt).not.toBeNull();
    const before = t.smtp.messages.length;
    await escalateUrgentAlerts(t.app.ctx);
    expect(t.smtp.messages.length).toBe(before);
  });
});

describe('intraday series (SpO2 from a watch) are judged too', () => {
  const watch = { source: 'device' as const, deviceId: 'watch-spo2', deviceKind: 'watch' as const };
  /** A minute series of SpO2 starting `minutesAgo` minutes ago, on a whole minute. */
  async function spo2Series(userId: string, minutesAgo: number, values: number[]) {
    const at = Math.floor((t.clock.now().getTime() - minutesAgo * 60_000) / 60_000) * 60_000;
    const { results } = await createHealthDataIngest(t.app.ctx).ingest(userId, watch, [
      {
        kind: 'series',
        metric: 'spo2',
        unit: '%',
        start: new Date(at).toISOString(),
        intervalSeconds: 60,
        values,
      },
    ]);
    expect(results[0], JSON.stringify(results)).toMatchObject({ status: 'stored' });
  }

  it('one alert per episode from the worst point of a span; an in-range span ends it', async () => {
    const { clinic, admin } = await createClinic(t);
    const patient = await enrolPatient(t, clinic.id, admin.client, ['oxygen_saturation'], undefined);
    await spo2Series(patient.user.id, 120, [96, 95, 91, 87, 90, 94]);
    let alerts = await queue(admin.client, clinic.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      metric: 'spo2',
      severity: 'urgent',
      episodeOngoing: true,
      reading: { values: { spo2: 87 } },
    });
    await spo2Series(patient.user.id, 100, [90, 89]); // still low: the same episode, no new alert
    expect(await queue(admin.client, clinic.id)).toHaveLength(1);
    await spo2Series(patient.user.id, 60, [95, 96, 97]); // back in range: the episode ends
    alerts = await queue(admin.client, clinic.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.episodeOngoing).toBe(false);
    await spo2Series(patient.user.id, 10, [91]); // a new episode, high
    expect((await queue(admin.client, clinic.id)).map((a) => a.severity)).toEqual(['high', 'urgent']);
  });

  it('a patient who does not share oxygen saturation raises nothing', async () => {
    const { clinic, admin } = await createClinic(t);
    const patient = await enrolPatient(t, clinic.id, admin.client, ['blood_pressure'], undefined);
    await spo2Series(patient.user.id, 30, [80, 81]);
    expect(await queue(admin.client, clinic.id)).toHaveLength(0);
  });
});
