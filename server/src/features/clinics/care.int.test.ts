import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createTestApp, type TestApp } from '../../test/harness';
import { ago, createClinic, enrolPatient, joinStaff } from './clinics.test-support';
import { forgetUserInClinics } from './erasure';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const month = () => t.clock.now().toISOString().slice(0, 7);
const today = () => t.clock.now().toISOString().slice(0, 10);
const timeLog = (c: string, p: string) => `/api/clinics/${c}/patients/${p}/time-log`;
const notes = (c: string, p: string) => `/api/clinics/${c}/patients/${p}/notes`;

async function bp(client: ApiClient, systolic: number, hoursAgo: number) {
  const res = await client.post('/api/health-data/readings', {
    takenAt: ago(t, hoursAgo),
    measures: [
      { metric: 'systolic_bp', value: systolic, unit: 'mmHg' },
      { metric: 'diastolic_bp', value: 80, unit: 'mmHg' },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
}

type Team = Awaited<ReturnType<typeof createClinic>> & {
  clinician: Awaited<ReturnType<typeof joinStaff>>;
  coordinator: Awaited<ReturnType<typeof joinStaff>>;
};
let team: Team | undefined;

/**
 * The file's clinic (an admin, a clinician, a care coordinator: made once, as each acceptance of an
 * invitation counts against the redeem rate limit) and a new patient sharing blood pressure.
 */
async function careTeam() {
  if (!team) {
    const { clinic, admin } = await createClinic(t);
    const clinician = await joinStaff(t, clinic.id, admin.client, 'clinician');
    const coordinator = await joinStaff(t, clinic.id, admin.client, 'care_coordinator');
    team = { clinic, admin, clinician, coordinator };
  }
  const patient = await enrolPatient(t, team.clinic.id, team.admin.client, ['blood_pressure']);
  return { ...team, patient };
}

let otherClinic: Awaited<ReturnType<typeof createClinic>> | undefined;
async function anotherClinic() {
  otherClinic ??= await createClinic(t, 'Autre clinique');
  return otherClinic;
}

describe('time log: minutes per patient per calendar month', () => {
  it('logs by hand and by timer, totals the month, and lets each edit only their own entries', async () => {
    const { clinic, clinician, coordinator, admin, patient } = await careTeam();
    const url = timeLog(clinic.id, patient.user.id);
    const manual = await coordinator.client.post(url, {
      day: today(),
      minutes: 12,
      interactive: true,
      note: 'Phone call about the readings',
    });
    expect(manual.statusCode, manual.body).toBe(201);
    expect(manual.json()).toMatchObject({ minutes: 12, interactive: true, mine: true, startedAt: null });

    const started = await clinician.client.post(`${url}/timer`, {});
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json().startedAt).not.toBeNull();
    const twice = await clinician.client.post(`${url}/timer`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('clinic_timer_running');
    t.clock.advance(7 * 60_000 + 5_000);
    const stopped = await clinician.client.post(`${url}/${started.json().id}/stop`, {});
    expect(stopped.statusCode, stopped.body).toBe(200);
    expect(stopped.json()).toMatchObject({ minutes: 8, startedAt: null, interactive: false });

    const adminEntry = await admin.client.post(url, { day: today(), minutes: 5 });
    expect(adminEntry.statusCode, adminEntry.body).toBe(201);

    const log = await coordinator.client.get(`${url}?month=${month()}`);
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json()).toMatchObject({ month: month(), minutes: 25, interactiveMinutes: 12 });
    expect(log.json().entries).toHaveLength(3);

    // Someone else's entry: not theirs to change or delete.
    const theirs = await coordinator.client.patch(`${url}/${stopped.json().id}`, { minutes: 60 });
    expect(theirs.statusCode).toBe(403);
    expect(theirs.json().error.code).toBe('clinic_entry_not_yours');
    expect((await coordinator.client.delete(`${url}/${stopped.json().id}`)).statusCode).toBe(403);

    const edited = await coordinator.client.patch(`${url}/${manual.json().id}`, { minutes: 15, note: '' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ minutes: 15, note: '', interactive: true });
    expect((await admin.client.delete(`${url}/${adminEntry.json().id}`)).statusCode).toBe(204);
    const after = (await clinician.client.get(`${url}?month=${month()}`)).json();
    expect(after).toMatchObject({ minutes: 23, interactiveMinutes: 15 });
  });

  it('refuses bad input: a future day, zero or too many minutes, a bad month', async () => {
    const { clinic, coordinator, patient } = await careTeam();
    const url = timeLog(clinic.id, patient.user.id);
    const tomorrow = new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    for (const body of [
      { day: tomorrow, minutes: 5 },
      { day: today(), minutes: 0 },
      { day: today(), minutes: 721 },
      { day: '2026-02-30', minutes: 5 },
      { day: today(), minutes: 5, note: 'x'.repeat(1001) },
    ]) {
      const res = await coordinator.client.post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBeTruthy();
    }
    for (const m of ['2026-13', '26-01', '2026-1', '']) {
      expect((await coordinator.client.get(`${url}?month=${m}`)).statusCode, m).toBe(400);
    }
  });

  it('is closed to other clinics, removed staff, and once the patient stopped sharing', async () => {
    const { clinic, admin, coordinator, patient } = await careTeam();
    const url = timeLog(clinic.id, patient.user.id);
    const entry = (await coordinator.client.post(url, { day: today(), minutes: 4 })).json();
    const other = await anotherClinic();
    // Staff of another clinic, on this clinic's patient, through either clinic's path.
    expect((await other.admin.client.get(`${url}?month=${month()}`)).statusCode).toBe(404);
    expect(
      (await other.admin.client.post(timeLog(other.clinic.id, patient.user.id), { day: today(), minutes: 3 }))
        .statusCode,
    ).toBe(404);

    const removed = await joinStaff(t, clinic.id, admin.client, 'care_coordinator');
    await removed.client.post(url, { day: today(), minutes: 2 });
    await admin.client.delete(`/api/clinics/${clinic.id}/staff/${removed.user.id}`);
    expect((await removed.client.get(`${url}?month=${month()}`)).statusCode).toBe(404);
    expect((await removed.client.post(url, { day: today(), minutes: 2 })).statusCode).toBe(404);

    expect((await patient.client.delete(`/api/me/clinics/${clinic.id}`)).statusCode).toBe(204);
    expect((await coordinator.client.get(`${url}?month=${month()}`)).statusCode).toBe(404);
    expect((await coordinator.client.patch(`${url}/${entry.id}`, { minutes: 9 })).statusCode).toBe(404);
  });
});

describe('clinic notes on a patient', () => {
  it('are written by clinicians and admins, not care coordinators, and outlive the sharing', async () => {
    const { clinic, clinician, coordinator, patient } = await careTeam();
    const url = notes(clinic.id, patient.user.id);
    const written = await clinician.client.post(url, { body: 'Started ramipril 5 mg; recheck in 2 weeks.' });
    expect(written.statusCode, written.body).toBe(201);
    expect((await clinician.client.post(url, { body: '   ' })).statusCode).toBe(400);
    expect((await clinician.client.post(url, { body: 'x'.repeat(5001) })).statusCode).toBe(400);
    const denied = await coordinator.client.post(url, { body: 'A coordinator note' });
    expect(denied.statusCode).toBe(403);
    expect((await coordinator.client.get(url)).statusCode).toBe(403);

    const list = await clinician.client.get(url);
    expect(list.statusCode).toBe(200);
    expect(list.json().notes).toEqual([
      expect.objectContaining({ body: 'Started ramipril 5 mg; recheck in 2 weeks.' }),
    ]);
    const other = await anotherClinic();
    expect((await other.admin.client.get(url)).statusCode).toBe(404);
    expect((await other.admin.client.get(notes(other.clinic.id, patient.user.id))).statusCode).toBe(404);

    // Sharing stops: the notes stay the clinic's record (readable), health data does not; no new note.
    await patient.client.delete(`/api/me/clinics/${clinic.id}`);
    const kept = await clinician.client.get(url);
    expect(kept.statusCode).toBe(200);
    expect(kept.json().notes).toHaveLength(1);
    expect((await clinician.client.post(url, { body: 'After the stop' })).statusCode).toBe(404);
    expect(
      (await clinician.client.get(`/api/clinics/${clinic.id}/patients/${patient.user.id}`)).statusCode,
    ).toBe(404);
  });

  it('an erased author leaves the note and the time, no longer named', async () => {
    const { clinic, clinician, patient } = await careTeam();
    await clinician.client.post(notes(clinic.id, patient.user.id), { body: 'Kept after my erasure' });
    await clinician.client.post(timeLog(clinic.id, patient.user.id), { day: today(), minutes: 6 });
    await t.database.db.transaction((tx) => forgetUserInClinics(tx, clinician.user.id));
    const { rows } = await t.database.raw.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM clinic_patient_notes WHERE author_id = $1)
            + (SELECT count(*) FROM clinic_time_log WHERE staff_id = $1) AS n`,
      [clinician.user.id],
    );
    expect(Number(rows[0]?.n)).toBe(0);
    const { rows: kept } = await t.database.raw.query<{ n: number }>(
      `SELECT count(*) AS n FROM clinic_patient_notes WHERE user_id = $1`,
      [patient.user.id],
    );
    expect(Number(kept[0]?.n)).toBe(1);
  });
});

describe('the monthly report', () => {
  it('counts days with data, minutes and alerts, per patient and per clinic, as JSON and CSV', async () => {
    const { clinic, coordinator, clinician, patient } = await careTeam();
    const quiet = await enrolPatient(t, clinic.id, clinician.client, ['blood_pressure']);
    await bp(patient.client, 120, 1);
    await bp(patient.client, 185, 0.5); // urgent: an alert
    // Taken yesterday, sent today: one more reading, not one more day. Days are days of transmission
    // (the day data arrived, as the live 16-of-30 count reads them), not the days readings were taken.
    await bp(patient.client, 118, 24);
    const url = timeLog(clinic.id, patient.user.id);
    await coordinator.client.post(url, { day: today(), minutes: 20, interactive: true });
    await clinician.client.post(url, { day: today(), minutes: 5 });

    const report = await coordinator.client.get(
      `/api/clinics/${clinic.id}/patients/${patient.user.id}/report?month=${month()}`,
    );
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().lines).toEqual([
      expect.objectContaining({
        patientId: patient.user.id,
        daysWithData: 1,
        minutes: 25,
        interactiveMinutes: 20,
        alertsRaised: 1,
        alertsResolved: 0,
      }),
    ]);

    const all = await clinician.client.get(`/api/clinics/${clinic.id}/report?month=${month()}`);
    expect(all.statusCode, all.body).toBe(200);
    const ids = all.json().lines.map((l: { patientId: string }) => l.patientId);
    expect(ids).toEqual(expect.arrayContaining([patient.user.id, quiet.user.id]));
    const quietLine = all.json().lines.find((l: { patientId: string }) => l.patientId === quiet.user.id);
    expect(quietLine).toMatchObject({ daysWithData: 0, minutes: 0, alertsRaised: 0 });

    const csv = await clinician.client.get(`/api/clinics/${clinic.id}/report.csv?month=${month()}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="vitalbase-report-${month()}.csv"`);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'patient_id,patient,enrolled_at,stopped_at,periods,days_with_data,minutes,interactive_minutes,alerts_raised,alerts_resolved',
    );
    expect(lines).toHaveLength(ids.length + 1);

    // The reads are in the patient's access log, as the clinic's.
    const log = (await patient.client.get('/api/me/access-log')).json();
    expect(JSON.stringify(log)).toContain('monthly report');

    // A month before the enrolment: nobody yet.
    const before = await clinician.client.get(`/api/clinics/${clinic.id}/report?month=2001-01`);
    expect(before.json().lines).toEqual([]);
    expect(
      (
        await clinician.client.get(
          `/api/clinics/${clinic.id}/patients/${patient.user.id}/report?month=2001-01`,
        )
      ).statusCode,
    ).toBe(404);
  });

  it('makes a formula-looking name inert in the CSV', async () => {
    const { clinic, admin } = await careTeam();
    const p = await enrolPatient(t, clinic.id, admin.client, ['weight']);
    expect((await p.client.patch('/api/me', { displayName: '=HYPERLINK("x")' })).statusCode).toBe(200);
    const csv = await admin.client.get(
      `/api/clinics/${clinic.id}/patients/${p.user.id}/report.csv?month=${month()}`,
    );
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('is closed to another clinic', async () => {
    const { clinic, patient } = await careTeam();
    const other = await anotherClinic();
    const path = `/patients/${patient.user.id}/report?month=${month()}`;
    expect((await other.admin.client.get(`/api/clinics/${clinic.id}${path}`)).statusCode).toBe(404);
    expect((await other.admin.client.get(`/api/clinics/${other.clinic.id}${path}`)).statusCode).toBe(404);
  });

  it('lists a patient who stopped sharing during the month, counting only what is of the time they shared', async () => {
    const { clinic, clinician, coordinator, patient } = await careTeam();
    await bp(patient.client, 185, 0.2); // a day with data, and an alert
    const url = timeLog(clinic.id, patient.user.id);
    await coordinator.client.post(url, { day: today(), minutes: 15 });
    // Minutes logged on a day before the enrolment are not of the time the patient shared.
    const firstOfMonth = `${month()}-01`;
    const before = firstOfMonth < today() ? 7 : 0;
    if (before) await coordinator.client.post(url, { day: firstOfMonth, minutes: before });
    const logged = (await coordinator.client.get(`${url}?month=${month()}`)).json();
    expect(logged.minutes).toBe(15 + before);

    expect((await patient.client.delete(`/api/me/clinics/${clinic.id}`)).statusCode).toBe(204);
    const all = await clinician.client.get(`/api/clinics/${clinic.id}/report?month=${month()}`);
    expect(all.statusCode, all.body).toBe(200);
    const line = all.json().lines.find((l: { patientId: string }) => l.patientId === patient.user.id);
    expect(line).toMatchObject({ daysWithData: 1, minutes: 15, alertsRaised: 1 });
    expect(Date.parse(line.stoppedAt)).toBeGreaterThanOrEqual(Date.parse(line.enrolledAt));
    const one = await clinician.client.get(
      `/api/clinics/${clinic.id}/patients/${patient.user.id}/report?month=${month()}`,
    );
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().lines).toEqual([expect.objectContaining({ patientId: patient.user.id, minutes: 15 })]);
    const csv = await clinician.client.get(`/api/clinics/${clinic.id}/report.csv?month=${month()}`);
    expect(csv.body.split('\n').find((l) => l.startsWith(patient.user.id))).toContain(line.stoppedAt);

    // The month after sharing stopped: not listed.
    const next = new Date(t.clock.now().getTime());
    next.setUTCDate(1);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const later = await clinician.client.get(
      `/api/clinics/${clinic.id}/report?month=${next.toISOString().slice(0, 7)}`,
    );
    expect(later.json().lines.map((l: { patientId: string }) => l.patientId)).not.toContain(patient.user.id);
  });
});
