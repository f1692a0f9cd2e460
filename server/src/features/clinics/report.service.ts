import type { MonthlyReport, ReportLine } from '@vitalbase/core';
import { and, count, eq, gte, inArray, lt } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { type AccessRequest, accessUsersData } from '../access-log';
import { createCareRepo, dayWhileShared, enrolmentOf, type MonthBounds } from './care.repo';
import { clinicEnrolments, clinicTransmissionDays } from './clinics.schema';
import { monthBounds } from './care.service';
import { clinicActor, RPM_LEGAL_BASIS, RPM_PURPOSE, type StaffActor } from './clinic-access';

interface ReportPatient {
  userId: string;
  displayName: string;
  categories: string[];
  enrolledAt: Date;
  stoppedAt: Date | null;
}

/**
 * Days of the month with a transmission, per patient: the clinic's transmission days (the patient's
 * local day on which data arrived, clinic_transmission_days), the same days the live 16-of-30 count
 * reads, so the report and the patient list never disagree. One grouped query for the whole list.
 * Only days while the patient shared count.
 */
async function transmissionDays(
  tx: Executor,
  clinicId: string,
  userIds: string[],
  month: MonthBounds,
): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .select({ userId: clinicTransmissionDays.userId, days: count() })
    .from(clinicTransmissionDays)
    .innerJoin(clinicEnrolments, enrolmentOf(clinicTransmissionDays))
    .where(
      and(
        inArray(clinicTransmissionDays.userId, userIds),
        eq(clinicTransmissionDays.clinicId, clinicId),
        gte(clinicTransmissionDays.day, month.firstDay),
        lt(clinicTransmissionDays.day, month.nextFirstDay),
        dayWhileShared(clinicTransmissionDays.day),
      ),
    )
    .groupBy(clinicTransmissionDays.userId);
  return new Map(rows.map((r) => [r.userId, Number(r.days)]));
}

const CSV_COLUMNS: Array<[keyof ReportLine, string]> = [
  ['patientId', 'patient_id'],
  ['displayName', 'patient'],
  ['enrolledAt', 'enrolled_at'],
  ['stoppedAt', 'stopped_at'],
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
 * The monthly report (issue #15 §Adherence and the monthly report): per patient enrolled during any
 * part of the calendar month (sharing now, or stopped during it), the enrolment and stop dates, days
 * with data, care minutes (interactive among them) and alerts raised, all of while they shared, and
 * alerts resolved. For a patient sharing now these are read through the access point (actor
 * clinician), one access-log row per patient, checked in the read's transaction. A patient who
 * stopped is no longer readable there (reads stop at once): their line is the clinic's own records
 * of the time they shared (the transmission days it counted, its time log, its alerts' count), no
 * health data, so no access-log row. The month's alert bounds are UTC; days are the patient's local
 * days of arrival (as adherence counts them); minutes are logged per day.
 */
export function createReportService(ctx: AppContext) {
  const db = ctx.database.db;

  async function build(staff: StaffActor, patients: ReportPatient[], month: string): Promise<MonthlyReport> {
    const bounds = monthBounds(month);
    const counts = async (tx: Executor, ids: string[]) => {
      const repo = createCareRepo(tx);
      const days = await transmissionDays(tx, staff.clinic.id, ids, bounds);
      const minutes = await repo.minutes(ids, staff.clinic.id, bounds, tx);
      const alerts = await repo.alerts(ids, staff.clinic.id, bounds, tx);
      return { days, minutes, alerts };
    };
    const sharing = patients.filter((p) => !p.stoppedAt);
    const actor = clinicActor(staff);
    const requests: AccessRequest[] = sharing.map((p) => ({
      actor,
      userId: p.userId,
      purpose: `${RPM_PURPOSE}: monthly report`,
      what: [...p.categories.map((c) => `readings:${c}`), 'clinic_alerts'],
      legalBasis: RPM_LEGAL_BASIS,
    }));
    const shared = requests.length
      ? await accessUsersData(ctx, requests, (tx) =>
          counts(
            tx,
            sharing.map((p) => p.userId),
          ),
        )
      : undefined;
    const stopped = await counts(
      db,
      patients.filter((p) => p.stoppedAt).map((p) => p.userId),
    );
    const read = (p: ReportPatient) => (p.stoppedAt ? stopped : shared!);
    return {
      clinicName: staff.clinic.name,
      month,
      lines: patients.map((p) => ({
        patientId: p.userId,
        displayName: p.displayName,
        enrolledAt: p.enrolledAt.toISOString(),
        stoppedAt: p.stoppedAt?.toISOString() ?? null,
        daysWithData: read(p).days.get(p.userId) ?? 0,
        minutes: read(p).minutes.all.get(p.userId) ?? 0,
        interactiveMinutes: read(p).minutes.interactive.get(p.userId) ?? 0,
        alertsRaised: read(p).alerts.raised.get(p.userId) ?? 0,
        alertsResolved: read(p).alerts.resolved.get(p.userId) ?? 0,
      })),
    };
  }

  return {
    /** Every patient enrolled during any part of the month. */
    async clinic(staff: StaffActor, month: string): Promise<MonthlyReport> {
      const patients = await createCareRepo(db).reportPatients(staff.clinic.id, monthBounds(month));
      return build(staff, patients, month);
    },

    /** One patient (enrolled during any part of the month), as one line. */
    async patient(staff: StaffActor, patientId: string, month: string): Promise<MonthlyReport> {
      const bounds = monthBounds(month);
      const patients = await createCareRepo(db).reportPatients(staff.clinic.id, bounds, patientId);
      if (!patients.length) throw new NotFound('Patient');
      return build(staff, patients, month);
    },
  };
}
