import type { MonthlyReport, ReportLine } from '@vitalbase/core';
import { and, count, eq, gte, inArray, lt } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { type AccessRequest, accessUsersData } from '../access-log';
import { createCareRepo, dayWhileShared, type MonthBounds } from './care.repo';
import { clinicTransmissionDays } from './clinics.schema';
import { monthBounds } from './care.service';
import { clinicActor, RPM_LEGAL_BASIS, RPM_PURPOSE, type StaffActor } from './clinic-access';

interface ReportPatient {
  userId: string;
  displayName: string;
  categories: string[];
  /** Sharing now (the access point reads their line), whatever the month's periods. */
  sharingNow: boolean;
  periods: Array<{ startedAt: Date; stoppedAt: Date | null }>;
}

type PeriodRow = Omit<ReportPatient, 'periods'> & { startedAt: Date; stoppedAt: Date | null };

/** The month's periods (ordered by patient, then start) as one entry per patient. */
function byPatient(rows: PeriodRow[]): ReportPatient[] {
  const patients: ReportPatient[] = [];
  for (const { startedAt, stoppedAt, ...patient } of rows) {
    const last = patients.at(-1);
    if (last?.userId === patient.userId) last.periods.push({ startedAt, stoppedAt });
    else patients.push({ ...patient, periods: [{ startedAt, stoppedAt }] });
  }
  return patients;
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
    .where(
      and(
        inArray(clinicTransmissionDays.userId, userIds),
        eq(clinicTransmissionDays.clinicId, clinicId),
        gte(clinicTransmissionDays.day, month.firstDay),
        lt(clinicTransmissionDays.day, month.nextFirstDay),
        dayWhileShared(clinicTransmissionDays, clinicTransmissionDays.day),
      ),
    )
    .groupBy(clinicTransmissionDays.userId);
  return new Map(rows.map((r) => [r.userId, Number(r.days)]));
}

/** The periods in one cell: ISO 8601 intervals `start/stop` (`start/..` while it lasts), `; ` between. */
const periodsCell = (periods: ReportLine['periods']) =>
  periods.map((p) => `${p.startedAt}/${p.stoppedAt ?? '..'}`).join('; ');

const CSV_COLUMNS: Array<[keyof ReportLine, string]> = [
  ['patientId', 'patient_id'],
  ['displayName', 'patient'],
  ['enrolledAt', 'enrolled_at'],
  ['stoppedAt', 'stopped_at'],
  ['periods', 'periods'],
  ['daysWithData', 'days_with_data'],
  ['minutes', 'minutes'],
  ['interactiveMinutes', 'interactive_minutes'],
  ['alertsRaised', 'alerts_raised'],
  ['alertsResolved', 'alerts_resolved'],
];

/** The report as CSV (csv-stringify: quoting, and formula-looking cells made inert). */
export function reportCsv(report: MonthlyReport): string {
  return stringify(
    report.lines.map((l) => CSV_COLUMNS.map(([k]) => (k === 'periods' ? periodsCell(l.periods) : l[k]))),
    {
      header: true,
      columns: CSV_COLUMNS.map(([, header]) => header),
      cast: { string: (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) },
    },
  );
}

/**
 * The monthly report (issue #15 §Adherence and the monthly report): per patient enrolled during any
 * part of the calendar month (sharing now, or stopped during it), each period of sharing that overlaps
 * it (clinic_enrolment_periods: a stop and a new enrolment are two), days with data, care minutes
 * (interactive among them) and alerts raised, all of the periods they shared (not the days between),
 * and alerts resolved. For a patient sharing now these are read through the access point (actor
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
    const sharing = patients.filter((p) => p.sharingNow);
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
      patients.filter((p) => !p.sharingNow).map((p) => p.userId),
    );
    const read = (p: ReportPatient) => (p.sharingNow ? shared! : stopped);
    return {
      clinicName: staff.clinic.name,
      month,
      lines: patients.map((p) => ({
        patientId: p.userId,
        displayName: p.displayName,
        enrolledAt: p.periods[0]!.startedAt.toISOString(),
        stoppedAt: p.periods.at(-1)!.stoppedAt?.toISOString() ?? null,
        periods: p.periods.map((x) => ({
          startedAt: x.startedAt.toISOString(),
          stoppedAt: x.stoppedAt?.toISOString() ?? null,
        })),
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
      const periods = await createCareRepo(db).reportPeriods(staff.clinic.id, monthBounds(month));
      return build(staff, byPatient(periods), month);
    },

    /** One patient (enrolled during any part of the month), as one line. */
    async patient(staff: StaffActor, patientId: string, month: string): Promise<MonthlyReport> {
      const bounds = monthBounds(month);
      const patients = byPatient(await createCareRepo(db).reportPeriods(staff.clinic.id, bounds, patientId));
      if (!patients.length) throw new NotFound('Patient');
      return build(staff, patients, month);
    },
  };
}
