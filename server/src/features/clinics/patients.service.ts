import {
  adherenceOf,
  type ClinicPatient,
  type ClinicPatientDetail,
  metricsOfCategories,
  monitoredMetrics,
  type PatientFilter,
  type PatientPage,
  type PatientSort,
} from '@vitalbase/core';
import { z } from 'zod';
import { cursorField, decodeCursor, encodeCursor, InvalidCursor } from '../../db/cursor';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { accessUserData, accessUsersData } from '../access-log';
import { latestMeasuresOf, readingPagesIn } from '../health-data';
import { clinicActor, RPM_LEGAL_BASIS, RPM_PURPOSE, type StaffActor } from './clinic-access';
import { createEnrolmentsRepo } from './clinics.repo';
import { type PatientSummaryRow, patientSummaries } from './patient-list.repo';

/** The sort the cursor was made for, its key (an instant, a name or a count, by sort) and the last id. */
const count = z.number().int().min(0).max(1_000_000);
const patientCursor = z.discriminatedUnion('s', [
  z.strictObject({ s: z.literal('enrolled'), k: cursorField.instant, id: cursorField.uuid }),
  z.strictObject({ s: z.literal('name'), k: cursorField.key, id: cursorField.uuid }),
  z.strictObject({ s: z.literal('alerts'), k: count, id: cursorField.uuid }),
  z.strictObject({ s: z.literal('adherence'), k: count, id: cursorField.uuid }),
]);

/** The periods of sharing the patient page shows: the latest ones (years of monthly stops fit). */
const PAGE_PERIODS = 24;

/** The programme's metrics (what thresholds watch): the list's "last reading" columns. */
const programmeMetrics = new Set<string>(Object.values(monitoredMetrics).flatMap((m) => [...m.catalog]));
const severityOfRank = [null, 'info', 'high', 'urgent'] as const;

/** A summary row as the API shows it (without the latest values, added per page). */
function present(r: PatientSummaryRow): Omit<ClinicPatient, 'latest'> {
  return {
    userId: r.userId,
    displayName: r.displayName,
    enrolledAt: new Date(r.enrolledAt).toISOString(),
    categories: r.categories,
    openAlerts: r.openAlerts,
    worstSeverity: severityOfRank[r.worstRank] ?? null,
    adherence: adherenceOf({
      enrolDay: r.enrolDay,
      today: r.today,
      daysWithData: r.daysWithData,
      todayHasData: r.todayHasData,
    }),
    lastTransmissionDay: r.lastDay,
  };
}

/** The metric's category among the patient's shared ones (the first that holds it), or undefined. */
function categoryOf(metric: string, shared: readonly string[]): string | undefined {
  return shared.find((c) => metricsOfCategories([c]).includes(metric));
}

/**
 * What staff read of their clinic's patients. Every read of a patient's data goes through the access
 * point with actor `clinician` (the clinic and the staff member), so it is checked against the
 * patient's sharing in the read's transaction and shows in the patient's access log.
 */
export function createPatientsService(ctx: AppContext) {
  const enrolments = createEnrolmentsRepo(ctx.database.db);

  return {
    /**
     * One page of the clinic's patients: adherence this period, open alerts and the latest value of
     * each shared programme metric. The page is one query (patient-list.repo.ts, sorted and filtered
     * there), the latest values one more (lateral, for the whole page), the access rows one insert.
     */
    async list(
      staff: StaffActor,
      q: { search?: string; sort: PatientSort; filter: PatientFilter; limit: number; cursor?: string },
    ): Promise<PatientPage> {
      const c = decodeCursor(q.cursor, patientCursor);
      if (c && c.s !== q.sort) throw new InvalidCursor();
      const rows = await patientSummaries(ctx.database.db, staff.clinic.id, {
        now: ctx.now(),
        search: q.search || undefined,
        sort: q.sort,
        filter: q.filter,
        limit: q.limit + 1,
        after: c ? { key: c.k, userId: c.id } : undefined,
      });
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      const next =
        rows.length > q.limit && last ? encodeCursor({ s: q.sort, k: last.key, id: last.userId }) : null;
      if (!page.length) return { patients: [], next };
      const metrics = [
        ...new Set(
          page.flatMap((p) => metricsOfCategories(p.categories).filter((m) => programmeMetrics.has(m))),
        ),
      ];
      const actor = clinicActor(staff);
      const latest = await accessUsersData(
        ctx,
        page.map((p) => ({
          actor,
          userId: p.userId,
          purpose: `${RPM_PURPOSE}: patient list`,
          what: [
            'clinic_enrolment',
            'clinic_transmission_days',
            'clinic_alerts',
            ...p.categories.map((cat) => `latest:${cat}`),
          ],
          legalBasis: RPM_LEGAL_BASIS,
        })),
        (tx) =>
          latestMeasuresOf(
            tx,
            page.map((p) => p.userId),
            metrics,
          ),
      );
      return {
        patients: page.map((p) => {
          const own = new Set(metricsOfCategories(p.categories));
          return {
            ...present(p),
            latest: latest
              .filter((l) => l.userId === p.userId && own.has(l.metric))
              .map((l) => ({ metric: l.metric, value: l.value, takenAt: l.takenAt.toISOString() })),
          };
        }),
        next,
      };
    },

    /**
     * The patient's sharing as the clinic sees it (name, since, categories, the periods they shared),
     * adherence and alerts.
     */
    async patient(staff: StaffActor, patientId: string): Promise<ClinicPatientDetail> {
      return accessUserData(
        ctx,
        {
          actor: clinicActor(staff),
          userId: patientId,
          purpose: `${RPM_PURPOSE}: patient page`,
          what: ['clinic_enrolment', 'clinic_transmission_days', 'clinic_alerts'],
          legalBasis: RPM_LEGAL_BASIS,
        },
        async (tx) => {
          const [row] = await patientSummaries(tx, staff.clinic.id, {
            now: ctx.now(),
            patientId,
            sort: 'enrolled',
            filter: 'all',
            limit: 1,
          });
          if (!row) throw new NotFound('Patient');
          const periods = await enrolments.periods(patientId, staff.clinic.id, PAGE_PERIODS, tx);
          return {
            ...present(row),
            latest: [],
            periods: periods.map((p) => ({
              startedAt: p.startedAt.toISOString(),
              stoppedAt: p.stoppedAt?.toISOString() ?? null,
            })),
          };
        },
      );
    },

    /**
     * A patient's readings of one metric, only if its category is shared; each reading keeps only the
     * measures of shared categories (a weigh-in also carries body composition), without the patient's
     * own notes. Not shared, not a patient, or sharing stopped: 404, the same answer.
     */
    async readings(
      staff: StaffActor,
      patientId: string,
      q: { metric: string; from: string; to: string; cursor?: string; limit: number },
    ) {
      const enrolment = await enrolments.find(patientId, staff.clinic.id);
      const category = enrolment && categoryOf(q.metric, enrolment.categories);
      if (!enrolment || enrolment.stoppedAt || !category) throw new NotFound('Patient');
      const shared = new Set(metricsOfCategories(enrolment.categories));
      const page = await accessUserData(
        ctx,
        {
          actor: clinicActor(staff),
          userId: patientId,
          purpose: `${RPM_PURPOSE}: readings`,
          what: [`readings:${category}`],
          legalBasis: RPM_LEGAL_BASIS,
        },
        (tx) => readingPagesIn(tx, ctx.now)(patientId, q),
      );
      return {
        items: page.items.map(({ annotation: _note, clientRef: _ref, ...r }) => ({
          ...r,
          clientRef: null,
          measures: r.measures.filter((m) => shared.has(m.metric)),
        })),
        nextCursor: page.nextCursor,
      };
    },
  };
}
