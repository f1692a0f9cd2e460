import { randomUUID } from 'node:crypto';
import type { ClinicAlert, ClinicPatient } from '@vitalbase/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../accounts';
import {
  type ApiClient,
  createTestApp,
  createTestUser,
  newSessionCookie,
  type TestApp,
  type TestUser,
} from '../../test/harness';
import { createHealthDataIngest } from '../health-data';
import { raiseNoTransmissionAlerts } from './clinics.jobs';
import { createClinic, enrolPatient, joinStaff, postBloodPressure } from './clinics.test-support';
import { rowsOf } from './transmissions.repo';

// Timelines on the test clock (issue #15 §Adherence, "no transmission for N days"). The clock only
// moves forward and the file shares one app, so each test makes its own clinic and patients.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const DAY = 24 * 3600_000;

/**
 * Days pass; every client's session is renewed (the idle limit is 30 days), as one that passed its
 * second factor (staff pages ask for it: the sign-in's second step, not what these tests are about).
 */
async function passDays(days: number, ...who: TestUser[]) {
  t.clock.advance(days * DAY);
  for (const u of who) u.client.setCookie(SESSION_COOKIE, await newSessionCookie(t, u.user.id));
}

const bp = (client: ApiClient, systolic = 125, diastolic = 80, hoursAgo = 0.01) =>
  postBloodPressure(t, client, [systolic, diastolic], hoursAgo);

async function patientView(staff: ApiClient, clinicId: string, patientId: string) {
  const res = await staff.get(`/api/clinics/${clinicId}/patients/${patientId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function list(staff: ApiClient, clinicId: string, query = '') {
  const res = await staff.get(`/api/clinics/${clinicId}/patients${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { patients: ClinicPatient[]; next: string | null };
}

async function alertsOf(staff: ApiClient, clinicId: string, patientId: string) {
  const res = await staff.get(`/api/clinics/${clinicId}/alerts?state=active`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().alerts as ClinicAlert[]).filter(
    (a) => a.patientId === patientId && a.metric === 'no_transmission',
  );
}

describe('transmission days and the 16-of-30 rule', () => {
  it('counts the days with data in each 30-day period from enrolment, and warns from day 20', async () => {
    const { clinic, admin } = await createClinic(t, 'Adherence Clinic');
    const nurse = await joinStaff(t, clinic.id, admin.client, 'care_coordinator');
    const patient = await enrolPatient(t, clinic.id, admin.client, ['blood_pressure']);
    let view = await patientView(nurse.client, clinic.id, patient.user.id);
    expect(view.adherence).toMatchObject({
      day: 1,
      daysWithData: 0,
      daysLeft: 29,
      met: false,
      warning: false,
    });
    expect(view.lastTransmissionDay).toBeNull();

    // Two readings and a resend on day 1: one day, two readings counted.
    const first = await bp(patient.client);
    await bp(patient.client, 128, 82, 0.02);
    const resend = await patient.client.post('/api/health-data/readings', {
      takenAt: first.json().takenAt,
      measures: [
        { metric: 'systolic_bp', value: 125, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 80, unit: 'mmHg' },
      ],
    });
    expect(resend.statusCode, resend.body).toBe(409); // a duplicate is not a transmission
    const days = rowsOf<{ day: string; readings: number }>(
      await t.database.db.execute(
        sql`select day::text as day, readings from clinic_transmission_days where user_id = ${patient.user.id}::uuid`,
      ),
    );
    expect(days).toEqual([{ day: t.clock.now().toISOString().slice(0, 10), readings: 2 }]);
    view = await patientView(nurse.client, clinic.id, patient.user.id);
    expect(view.adherence).toMatchObject({ day: 1, daysWithData: 1, daysLeft: 29 });
    expect(view.lastTransmissionDay).toBe(days[0]?.day);

    // Data on days 2–5, then nothing: on day 20, 5 + 10 left + today = 16 is still reachable.
    for (let d = 2; d <= 5; d++) {
      await passDays(1, patient, nurse, admin);
      await bp(patient.client);
    }
    await passDays(15, patient, nurse, admin);
    view = await patientView(nurse.client, clinic.id, patient.user.id);
    expect(view.adherence).toMatchObject({
      day: 20,
      daysWithData: 5,
      daysLeft: 10,
      reachable: true,
      warning: false,
    });
    expect((await list(nurse.client, clinic.id, '?filter=not_adherent')).patients).toEqual([]);

    // Day 21 without data: 16 is out of reach, the list warns and "not adherent" finds the patient.
    await passDays(1, patient, nurse, admin);
    view = await patientView(nurse.client, clinic.id, patient.user.id);
    expect(view.adherence).toMatchObject({ day: 21, daysWithData: 5, reachable: false, warning: true });
    const flagged = await list(nurse.client, clinic.id, '?filter=not_adherent');
    expect(flagged.patients.map((p) => p.userId)).toEqual([patient.user.id]);

    // Day 31 opens the next period: nothing counted yet, no warning.
    await passDays(10, patient, nurse, admin);
    view = await patientView(nurse.client, clinic.id, patient.user.id);
    expect(view.adherence).toMatchObject({ day: 1, daysWithData: 0, daysLeft: 29, warning: false });
    expect(Date.parse(view.adherence.periodStart) - Date.parse(view.adherence.periodEnd)).toBe(-29 * DAY);
  });

  it("counts the patient's own calendar day, not the server's", async () => {
    const { clinic, admin } = await createClinic(t, 'Zone Clinic');
    // 14 hours ahead of UTC: at most hours of the UTC day, the patient is already on the next day.
    const kiribati = await createTestUser(t, { timeZone: 'Pacific/Kiritimati' });
    const patient = await enrolPatient(t, clinic.id, admin.client, ['blood_pressure'], kiribati);
    await bp(patient.client);
    const [row] = rowsOf<{ day: string }>(
      await t.database.db.execute(
        sql`select day::text as day from clinic_transmission_days where user_id = ${patient.user.id}::uuid`,
      ),
    );
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(t.clock.now());
    expect(row?.day).toBe(local);
  });

  it('writes nothing for a patient enrolled nowhere, nor after sharing stopped', async () => {
    const { clinic, admin } = await createClinic(t, 'Stopped Clinic');
    const loner = await createTestUser(t);
    await bp(loner.client);
    const patient = await enrolPatient(t, clinic.id, admin.client, ['blood_pressure']);
    const stop = await patient.client.delete(`/api/me/clinics/${clinic.id}`);
    expect(stop.statusCode, stop.body).toBe(204);
    await bp(patient.client);
    const rows = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from clinic_transmission_days
            where user_id in (${loner.user.id}::uuid, ${patient.user.id}::uuid)`,
      ),
    );
    expect(rows[0]?.n).toBe(0);
    expect((await admin.client.get(`/api/clinics/${clinic.id}/patients/${patient.user.id}`)).statusCode).toBe(
      404,
    );
  });
});

describe('an import is history, not a transmission', () => {
  it('stores the imported readings and fills no adherence day', async () => {
    const { clinic, admin } = await createClinic(t, 'Import Clinic');
    const patient = await enrolPatient(t, clinic.id, admin.client, ['blood_pressure']);
    const { results } = await createHealthDataIngest(t.app.ctx).ingest(
      patient.user.id,
      { source: 'import', importId: randomUUID() },
      [
        {
          kind: 'reading',
          takenAt: new Date(t.clock.now().getTime() - 3 * DAY).toISOString(),
          measures: [
            { metric: 'systolic_bp', value: 121, unit: 'mmHg' },
            { metric: 'diastolic_bp', value: 79, unit: 'mmHg' },
          ],
        },
      ],
    );
    expect(results.map((r) => r.status)).toEqual(['stored']);
    const rows = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from clinic_transmission_days where user_id = ${patient.user.id}::uuid`,
      ),
    );
    expect(rows[0]?.n).toBe(0);
  });
});

describe('no transmission for N days', () => {
  it('raises one alert per episode, ended when data arrives; a custom N; nothing after sharing stopped', async () => {
    const { clinic, admin } = await createClinic(t, 'Silent Clinic');
    const clinician = await joinStaff(t, clinic.id, admin.client, 'clinician');
    const coordinator = await joinStaff(t, clinic.id, admin.client, 'care_coordinator');
    const quiet = await enrolPatient(t, clinic.id, clinician.client, ['blood_pressure']);
    const patient = await enrolPatient(t, clinic.id, clinician.client, ['weight']);
    const stopper = await enrolPatient(t, clinic.id, clinician.client, ['blood_pressure']);
    const staff = [admin, clinician, coordinator, quiet, patient, stopper];
    await bp(quiet.client);
    await bp(stopper.client);

    // The threshold is listed with its preset; a coordinator may not change it, a clinician may.
    const listed = await clinician.client.get(
      `/api/clinics/${clinic.id}/patients/${patient.user.id}/thresholds`,
    );
    expect(listed.json().thresholds).toContainEqual(
      expect.objectContaining({
        metric: 'no_transmission',
        preset: 'adherence',
        limits: { days: 3 },
        unit: 'd',
      }),
    );
    const url = `/api/clinics/${clinic.id}/patients/${patient.user.id}/thresholds/no_transmission`;
    expect((await coordinator.client.put(url, { limits: { days: 7 } })).statusCode).toBe(403);
    expect((await clinician.client.put(url, { limits: { days: 0 } })).statusCode).toBe(422);
    expect((await clinician.client.put(url, { limits: { days: 2 }, unit: 'kg' })).statusCode).toBe(422);
    const set = await clinician.client.put(url, { limits: { days: 7 } });
    expect(set.statusCode, set.body).toBe(200);
    expect((await stopper.client.delete(`/api/me/clinics/${clinic.id}`)).statusCode).toBe(204);

    // Two full days without data: not yet.
    await passDays(3, ...staff);
    await raiseNoTransmissionAlerts(t.app.ctx);
    expect(await alertsOf(clinician.client, clinic.id, quiet.user.id)).toEqual([]);

    // Three full days: one alert, however often the job runs; the custom 7 days not reached.
    await passDays(1, ...staff);
    await raiseNoTransmissionAlerts(t.app.ctx);
    await raiseNoTransmissionAlerts(t.app.ctx);
    const [alert, ...more] = await alertsOf(clinician.client, clinic.id, quiet.user.id);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({
      severity: 'high',
      state: 'open',
      episodeOngoing: true,
      reading: { values: { days: 3 } },
    });
    expect(await alertsOf(clinician.client, clinic.id, patient.user.id)).toEqual([]);
    const quietRow = (await list(coordinator.client, clinic.id, '?filter=alerts')).patients;
    expect(quietRow.map((p) => p.userId)).toEqual([quiet.user.id]);
    expect(quietRow[0]).toMatchObject({ openAlerts: 1, worstSeverity: 'high' });

    // Data arrives: the episode ends (the alert stays until staff resolve it), no new alert after.
    await bp(quiet.client);
    await raiseNoTransmissionAlerts(t.app.ctx);
    const ended = await alertsOf(clinician.client, clinic.id, quiet.user.id);
    expect(ended).toEqual([expect.objectContaining({ id: alert?.id, episodeOngoing: false })]);

    // Silent again for three full days: a new episode, a second alert. The weight patient reaches 7.
    await passDays(4, ...staff);
    await raiseNoTransmissionAlerts(t.app.ctx);
    expect(await alertsOf(clinician.client, clinic.id, quiet.user.id)).toHaveLength(2);
    expect(await alertsOf(clinician.client, clinic.id, patient.user.id)).toHaveLength(1);
    const stopped = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from clinic_alerts where user_id = ${stopper.user.id}::uuid`,
      ),
    );
    expect(stopped[0]?.n).toBe(0);
  });
});
