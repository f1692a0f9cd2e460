import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../accounts';
import { createTestApp, newSessionCookie, type TestApp, type TestUser } from '../../test/harness';
import { createClinic, enrolPatient, postBloodPressure } from './clinics.test-support';

/**
 * The monthly report over periods of sharing (clinic_enrolment_periods): a stop and a new enrolment
 * are two periods, both counted, the days between not. The clock starts on the 1st of a month (the
 * next one), so the whole story of a month happens inside it whatever the day the test runs.
 */
let t: TestApp;
let clinic: Awaited<ReturnType<typeof createClinic>>;
const DAY = 86_400_000;
let monthStart: number;

beforeAll(async () => {
  t = await createTestApp();
  const now = t.clock.now();
  monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  t.clock.advance(monthStart + 6 * 3600_000 - now.getTime()); // the 1st, 06:00 UTC
  clinic = await createClinic(t);
});
afterAll(() => t?.close());

/** The test clock moved forward to `day` of the story's month (1-based, may run into the next), at `hour`. */
const goTo = (day: number, hour = 6) =>
  t.clock.advance(monthStart + (day - 1) * DAY + hour * 3600_000 - t.clock.now().getTime());
const monthOf = (day: number) => new Date(monthStart + (day - 1) * DAY).toISOString().slice(0, 7);
const dateOf = (day: number) => new Date(monthStart + (day - 1) * DAY).toISOString().slice(0, 10);
/** The story day (1-based from the month's 1st) of an instant. */
const dayOf = (at: string) => Math.floor((Date.parse(at) - monthStart) / DAY) + 1;
/** Signed in again (a session idles out over weeks of test clock). */
async function signInAgain(u: TestUser) {
  u.client.setCookie(SESSION_COOKIE, await newSessionCookie(t, u.user.id));
}

async function stop(patient: TestUser) {
  expect((await patient.client.delete(`/api/me/clinics/${clinic.clinic.id}`)).statusCode).toBe(204);
}
async function logMinutes(patient: TestUser, day: number, minutes: number) {
  const res = await clinic.admin.client.post(
    `/api/clinics/${clinic.clinic.id}/patients/${patient.user.id}/time-log`,
    { day: dateOf(day), minutes },
  );
  expect(res.statusCode, res.body).toBe(201);
}
async function reportLine(patient: TestUser, month: string) {
  const base = `/api/clinics/${clinic.clinic.id}`;
  const all = await clinic.admin.client.get(`${base}/report?month=${month}`);
  expect(all.statusCode, all.body).toBe(200);
  const line = all.json().lines.find((l: { patientId: string }) => l.patientId === patient.user.id);
  const one = await clinic.admin.client.get(`${base}/patients/${patient.user.id}/report?month=${month}`);
  if (line) expect(one.json().lines).toEqual([line]);
  else expect(one.statusCode).toBe(404);
  return line;
}

describe('the monthly report over periods of sharing', () => {
  let again: TestUser; // stops and enrols again in the same month
  let later: TestUser; // stops, and enrols again the next month
  const at: Record<string, string> = {};

  it('counts both periods of a stop and a new enrolment in the same month, not the days between', async () => {
    again = await enrolPatient(t, clinic.clinic.id, clinic.admin.client, ['blood_pressure']);
    at.againFirst = (await reportLine(again, monthOf(1))).enrolledAt;
    later = await enrolPatient(t, clinic.clinic.id, clinic.admin.client, ['blood_pressure']);
    at.laterFirst = (await reportLine(later, monthOf(1))).enrolledAt;
    await postBloodPressure(t, again.client, [185, 95]); // day 1 with data, an urgent alert
    await postBloodPressure(t, later.client, [185, 95]);
    await logMinutes(again, 1, 10);

    goTo(2);
    await postBloodPressure(t, again.client, [120, 80]); // day 2 with data
    goTo(2, 7);
    await stop(again);
    await stop(later);

    goTo(5);
    await enrolPatient(t, clinic.clinic.id, clinic.admin.client, ['blood_pressure'], again);
    await postBloodPressure(t, again.client, [121, 79]); // day 5 with data
    await logMinutes(again, 3, 7); // a day between the periods: not of the time they shared
    await logMinutes(again, 5, 4);

    const line = await reportLine(again, monthOf(1));
    expect(line).toMatchObject({ enrolledAt: at.againFirst, stoppedAt: null });
    // Days 1 and 2, stopped on day 2, enrolled again on day 5: days 1, 2 and 5 with data, the minutes
    // of days 1 and 5 (not day 3's), the day-1 alert.
    expect(line).toMatchObject({ daysWithData: 3, minutes: 14, alertsRaised: 1 });
    const [first, second] = line.periods;
    expect(line.periods).toHaveLength(2);
    expect(first.startedAt).toBe(at.againFirst);
    expect(dayOf(first.stoppedAt)).toBe(2);
    expect(dayOf(second.startedAt)).toBe(5);
    expect(second.stoppedAt).toBeNull();
    at.stopped = first.stoppedAt;
    at.againSecond = second.startedAt;

    const csv = await clinic.admin.client.get(
      `/api/clinics/${clinic.clinic.id}/report.csv?month=${monthOf(1)}`,
    );
    const header = csv.body.split('\n')[0];
    expect(header).toBe(
      'patient_id,patient,enrolled_at,stopped_at,periods,days_with_data,minutes,interactive_minutes,alerts_raised,alerts_resolved',
    );
    const row = csv.body.split('\n').find((l) => l.startsWith(again.user.id));
    expect(row).toContain(`${at.againFirst}/${at.stopped}; ${at.againSecond}/..`);
  });

  it('keeps the patient list and the alert queue as they were: the current enrolment', async () => {
    const base = `/api/clinics/${clinic.clinic.id}`;
    const list = await clinic.admin.client.get(`${base}/patients`);
    expect(list.statusCode, list.body).toBe(200);
    const row = list.json().patients.find((p: { userId: string }) => p.userId === again.user.id);
    // The list follows the current enrolment: enrolled on day 5, one day with data since (day 5).
    expect(row).toMatchObject({ enrolledAt: at.againSecond, openAlerts: 1, worstSeverity: 'urgent' });
    expect(row.adherence).toMatchObject({ daysWithData: 1 });
    expect(list.json().patients.map((p: { userId: string }) => p.userId)).not.toContain(later.user.id);

    // The alert queue shows the alerts of patients who share now: the day-1 alert of `again`, not
    // `later`'s (stopped).
    const queue = await clinic.admin.client.get(`${base}/alerts?state=open`);
    expect(queue.statusCode, queue.body).toBe(200);
    const patients = queue.json().alerts.map((a: { patientId: string }) => a.patientId);
    expect(patients).toContain(again.user.id);
    expect(patients).not.toContain(later.user.id);
  });

  it('shows the patient page every period of sharing, the current one last', async () => {
    const res = await clinic.admin.client.get(`/api/clinics/${clinic.clinic.id}/patients/${again.user.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ enrolledAt: at.againSecond });
    expect(res.json().periods).toEqual([
      { startedAt: at.againFirst, stoppedAt: at.stopped },
      { startedAt: at.againSecond, stoppedAt: null },
    ]);
  });

  it('lists a patient enrolled again the next month in both months, each with its own period', async () => {
    const next = new Date(monthStart + 40 * DAY);
    next.setUTCDate(1);
    const nextDay2 = (next.getTime() - monthStart) / DAY + 2; // the 2nd of the next month, as a story day
    goTo(nextDay2);
    await signInAgain(clinic.admin);
    await signInAgain(later);
    await enrolPatient(t, clinic.clinic.id, clinic.admin.client, ['blood_pressure'], later);
    await postBloodPressure(t, later.client, [122, 78]);

    // The month of the first period: the line of that period alone (stopped on day 2), its day with
    // data and its alert.
    const before = await reportLine(later, monthOf(1));
    expect(before).toMatchObject({ enrolledAt: at.laterFirst, daysWithData: 1, alertsRaised: 1 });
    expect(dayOf(before.stoppedAt)).toBe(2);
    expect(before.periods).toEqual([{ startedAt: at.laterFirst, stoppedAt: before.stoppedAt }]);
    // The next month: the new period alone.
    const after = await reportLine(later, monthOf(nextDay2));
    expect(after).toMatchObject({ stoppedAt: null, daysWithData: 1, alertsRaised: 0 });
    expect(dayOf(after.enrolledAt)).toBe(nextDay2);
    expect(after.periods).toEqual([{ startedAt: after.enrolledAt, stoppedAt: null }]);
  });
});
