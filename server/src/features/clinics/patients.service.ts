import { metricsOfCategories, type PatientPage } from '@vitalbase/core';
import { z } from 'zod';
import { cursorField, decodeCursor, encodeCursor } from '../../db/cursor';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { accessUserData, accessUsersData } from '../access-log';
import { latestMeasuresOf, readingPagesIn } from '../health-data';
import { clinicActor, RPM_LEGAL_BASIS, RPM_PURPOSE, type StaffActor } from './clinic-access';
import { createEnrolmentsRepo } from './clinics.repo';

const patientCursor = z.strictObject({ t: cursorField.instant, id: cursorField.uuid });

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
     * One page of the clinic's patients with the latest value of each shared metric: the page is one
     * query, the latest values one more (lateral, for the whole page), the access rows one insert.
     */
    async list(
      staff: StaffActor,
      q: { search?: string; limit: number; cursor?: string },
    ): Promise<PatientPage> {
      const c = decodeCursor(q.cursor, patientCursor);
      const rows = await enrolments.page(staff.clinic.id, {
        search: q.search || undefined,
        limit: q.limit + 1,
        after: c ? { at: c.t, userId: c.id } : undefined,
      });
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      const next = rows.length > q.limit && last ? encodeCursor({ t: last.cursorAt, id: last.userId }) : null;
      if (!page.length) return { patients: [], next };
      const metrics = [...new Set(page.flatMap((p) => metricsOfCategories(p.categories)))];
      const actor = clinicActor(staff);
      const latest = await accessUsersData(
        ctx,
        page.map((p) => ({
          actor,
          userId: p.userId,
          purpose: `${RPM_PURPOSE}: patient list`,
          what: ['clinic_enrolment', ...p.categories.map((cat) => `latest:${cat}`)],
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
            userId: p.userId,
            displayName: p.displayName,
            enrolledAt: p.enrolledAt.toISOString(),
            categories: p.categories,
            latest: latest
              .filter((l) => l.userId === p.userId && own.has(l.metric))
              .map((l) => ({ metric: l.metric, value: l.value, takenAt: l.takenAt.toISOString() })),
          };
        }),
        next,
      };
    },

    /** The patient's sharing as the clinic sees it (name, since, categories). */
    async patient(staff: StaffActor, patientId: string) {
      return accessUserData(
        ctx,
        {
          actor: clinicActor(staff),
          userId: patientId,
          purpose: `${RPM_PURPOSE}: patient page`,
          what: ['clinic_enrolment'],
          legalBasis: RPM_LEGAL_BASIS,
        },
        async (tx) => {
          const row = await createEnrolmentsRepo(tx).onePatient(staff.clinic.id, patientId, tx);
          if (!row) throw new NotFound('Patient');
          return {
            userId: row.userId,
            displayName: row.displayName,
            enrolledAt: row.enrolledAt.toISOString(),
            categories: row.categories,
            latest: [],
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
