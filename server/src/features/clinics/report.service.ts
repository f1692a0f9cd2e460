import { localDate, type MonthlyReport, metricsOfCategories, type ReportLine } from '@vitalbase/core';
import { stringify } from 'csv-stringify/sync';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { type AccessRequest, accessUsersData } from '../access-log';
import { timeZoneOf } from '../accounts';
import { measuresSince } from '../health-data';
import { createCareRepo, type MonthBounds } from './care.repo';
import { monthBounds } from './care.service';
import { clinicActor, RPM_LEGAL_BASIS, RPM_PURPOSE, type StaffActor } from './clinic-access';

interface ReportPatient {
  userId: string;
  displayName: string;
  categories: string[];
  enrolledAt: Date;
}

/**
 * Days of the month (the patient's local days) with at least one live reading of a shared metric.
 * Counted from the health-data reader until the clinic's transmission days (clinic_transmission_days,
 * written by the health-write hook) are filled: then one grouped query replaces this per-patient read.
 */
async function daysWithData(tx: Executor, p: ReportPatient, month: MonthBounds): Promise<number> {
  const zone = await timeZoneOf(tx, p.userId);
  // A day either side: a local day of the month may begin before its first UTC instant, or end after.
  const from = new Date(month.start.getTime() - 86_400_000);
  const until = month.end.getTime() + 86_400_000;
  const days = new Set<string>();
  for (const m of await measuresSince(tx, p.userId, metricsOfCategories(p.categories), from, 20_000)) {
    if (m.takenAt.getTime() >= until) break;
    const day = localDate(m.takenAt.getTime(), zone);
    if (day >= month.firstDay && day < month.nextFirstDay) days.add(day);
  }
  return days.size;
}

const CSV_COLUMNS: Array<[keyof ReportLine, string]> = [
  ['patientId', 'patient_id'],
  ['displayName', 'patient'],
  ['enrolledAt', 'enrolled_at'],
  ['daysWithData', 'days_with_data'],
  ['minutes', 'minutes'],
  ['interactiveMinutes', 'interactive_minutes'],
  ['alertsRaised', 'alerts_raised'],
  ['alertsResolved', 'alerts_resolved'],
];

/** The report as CSV (csv-stringify: quoting, and formula-looking cells made inert). */
export function reportCsv(report: MonthlyReport): string {
  return stringify(
    report.lines.map((l) => CSV_COLUMNS.map(([k]) => l[k])),
    {
      header: true,
      columns: CSV_COLUMNS.map(([, header]) => header),
      cast: { string: (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) },
    },
  );
}

/**
 * The monthly report (issue #15 §Adherence and the monthly report): per patient sharing now, the
 * enrolment date, days with data, care minutes (interactive among them) and alerts raised and
 * resolved in the calendar month. Days and alerts are the patient's data: read through the access
 * point (actor clinician), one access-log row per patient, checked in the read's transaction.
 * The month's alert bounds are UTC; days are the patient's local days; minutes are logged per day.
 */
export function createReportService(ctx: AppContext) {
  const db = ctx.database.db;

  async function build(staff: StaffActor, patients: ReportPatient[], month: string): Promise<MonthlyReport> {
    const bounds = monthBounds(month);
    const ids = patients.map((p) => p.userId);
    const actor = clinicActor(staff);
    const requests: AccessRequest[] = patients.map((p) => ({
      actor,
      userId: p.userId,
      purpose: `${RPM_PURPOSE}: monthly report`,
      what: [...p.categories.map((c) => `readings:${c}`), 'clinic_alerts'],
      legalBasis: RPM_LEGAL_BASIS,
    }));
    const read = await accessUsersData(ctx, requests, async (tx) => {
      const repo = createCareRepo(tx);
      const days = new Map<string, number>();
      for (const p of patients) days.set(p.userId, await daysWithData(tx, p, bounds));
      const minutes = await repo.minutes(ids, staff.clinic.id, bounds, tx);
      const alerts = await repo.alerts(ids, staff.clinic.id, bounds, tx);
      return { days, minutes, alerts };
    });
    return {
      clinicName: staff.clinic.name,
      month,
      lines: patients.map((p) => ({
        patientId: p.userId,
        displayName: p.displayName,
        enrolledAt: p.enrolledAt.toISOString(),
        daysWithData: read.days.get(p.userId) ?? 0,
        minutes: read.minutes.all.get(p.userId) ?? 0,
        interactiveMinutes: read.minutes.interactive.get(p.userId) ?? 0,
        alertsRaised: read.alerts.raised.get(p.userId) ?? 0,
        alertsResolved: read.alerts.resolved.get(p.userId) ?? 0,
      })),
    };
  }

  return {
    /** Every patient sharing now who was enrolled before the month's end. */
    async clinic(staff: StaffActor, month: string): Promise<MonthlyReport> {
      const patients = await createCareRepo(db).reportPatients(staff.clinic.id, monthBounds(month).end);
      return build(staff, patients, month);
    },

    /** One patient (sharing now, enrolled before the month's end), as one line. */
    async patient(staff: StaffActor, patientId: string, month: string): Promise<MonthlyReport> {
      const end = monthBounds(month).end;
      const patients = await createCareRepo(db).reportPatients(staff.clinic.id, end, patientId);
      if (!patients.length) throw new NotFound('Patient');
      return build(staff, patients, month);
    },
  };
}
