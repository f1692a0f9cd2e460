import {
  type AlertPage,
  type ClinicAlert,
  canonicalLimits,
  getMetric,
  type MonitoredMetric,
  monitoredMetricApplies,
  monitoredMetricIds,
  monitoredMetrics,
  roleMay,
  type Threshold,
  type ThresholdBody,
  thresholdPresets,
} from '@vitalbase/core';
import { z } from 'zod';
import { cursorField, decodeCursor, encodeCursor } from '../../db/cursor';
import type { AppContext } from '../../lib/context';
import { AppError, Conflict, Invalid, NotFound } from '../../lib/errors';
import { accessUserData, accessUsersData } from '../access-log';
import { clinicActor, RPM_LEGAL_BASIS, RPM_PURPOSE, type StaffActor } from './clinic-access';
import { createClinicsRepo, createEnrolmentsRepo } from './clinics.repo';
import { type AlertRow, createMonitoringRepo } from './monitoring.repo';

const alertCursor = z.strictObject({ t: cursorField.instant, id: cursorField.uuid });
const states: Record<string, AlertRow['state'][]> = {
  active: ['open', 'acknowledged'],
  open: ['open'],
  acknowledged: ['acknowledged'],
  resolved: ['resolved'],
};

function present(row: AlertRow, patientName: string): ClinicAlert {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: row.id,
    patientId: row.userId,
    patientName,
    metric: row.metric,
    severity: row.severity,
    late: row.late,
    state: row.state,
    reading: row.reading,
    raisedAt: row.raisedAt.toISOString(),
    episodeOngoing: row.episodeEndedAt === null,
    assigneeId: row.assigneeId,
    acknowledgedAt: iso(row.acknowledgedAt),
    resolvedAt: iso(row.resolvedAt),
    resolutionNote: row.resolutionNote,
    escalatedAt: iso(row.escalatedAt),
  };
}

/** What an alert shows: its reading's category, or for "no transmission" the days with data. */
function alertWhat(category: string | null): string {
  return category ? `readings:${category}` : 'clinic_transmission_days';
}

/** The access log's line for a staff read of what an alert shows (the reading's category). */
function alertRead(staff: StaffActor, patientId: string, metric: MonitoredMetric, purpose: string) {
  return {
    actor: clinicActor(staff),
    userId: patientId,
    purpose: `${RPM_PURPOSE}: ${purpose}`,
    what: [alertWhat(monitoredMetrics[metric].category)],
    legalBasis: RPM_LEGAL_BASIS,
  };
}

/**
 * Thresholds and the alert queue of a clinic (issue #15 §Monitoring). Every staff read of what an
 * alert or a threshold shows goes through the access point with actor `clinician`: checked against
 * the patient's sharing in the read's transaction and written to the patient's access log.
 */
export function createMonitoringService(ctx: AppContext) {
  const db = ctx.database.db;
  const enrolments = createEnrolmentsRepo(db);

  /** The patient's active enrolment here, or the same 404 as a patient of another clinic. */
  async function sharing(staff: StaffActor, patientId: string) {
    const e = await enrolments.find(patientId, staff.clinic.id);
    if (!e || e.stoppedAt) throw new NotFound('Patient');
    return e;
  }

  /** An alert of this clinic's patient, changed in the access transaction (the share is checked there). */
  async function act(
    staff: StaffActor,
    patientId: string,
    alertId: string,
    purpose: string,
    change: (row: AlertRow) => Partial<AlertRow> | undefined,
  ): Promise<ClinicAlert> {
    const e = await sharing(staff, patientId);
    const repo = createMonitoringRepo(db);
    const found = await repo.findAlert(patientId, staff.clinic.id, alertId);
    if (!found || !monitoredMetricApplies(found.metric, e.categories)) throw new NotFound('Alert');
    return accessUserData(ctx, alertRead(staff, patientId, found.metric, purpose), async (tx) => {
      const row = await createMonitoringRepo(tx).findAlert(patientId, staff.clinic.id, alertId, tx);
      if (!row) throw new NotFound('Alert');
      const set = change(row);
      const saved = set
        ? await createMonitoringRepo(tx).updateAlert(
            patientId,
            alertId,
            { ...set, updatedAt: ctx.now() },
            undefined,
            tx,
          )
        : row;
      return present(saved ?? row, '');
    });
  }

  return {
    async queue(staff: StaffActor, q: { state: string; limit: number; cursor?: string }): Promise<AlertPage> {
      const c = decodeCursor(q.cursor, alertCursor);
      const rows = await createMonitoringRepo(db).queue(staff.clinic.id, {
        states: states[q.state] ?? states.active!,
        limit: q.limit + 1,
        after: c ? { at: c.t, id: c.id } : undefined,
      });
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      const next =
        rows.length > q.limit && last ? encodeCursor({ t: last.cursorAt, id: last.alert.id }) : null;
      if (!page.length) return { alerts: [], next };
      // One access row per patient on the page, naming the categories its alerts show.
      const perPatient = new Map<string, Set<string>>();
      for (const r of page) {
        const set = perPatient.get(r.alert.userId) ?? new Set();
        set.add(alertWhat(r.category));
        perPatient.set(r.alert.userId, set);
      }
      const actor = clinicActor(staff);
      await accessUsersData(
        ctx,
        [...perPatient].map(([userId, what]) => ({
          actor,
          userId,
          purpose: `${RPM_PURPOSE}: alert queue`,
          what: [...what],
          legalBasis: RPM_LEGAL_BASIS,
        })),
        async () => undefined,
      );
      return { alerts: page.map((r) => present(r.alert, r.patientName)), next };
    },

    acknowledge: (staff: StaffActor, patientId: string, alertId: string) =>
      act(staff, patientId, alertId, 'alert acknowledged', (row) => {
        if (row.state !== 'open') return undefined; // already acknowledged or resolved: idempotent
        return { state: 'acknowledged', acknowledgedAt: ctx.now(), acknowledgedBy: staff.userId };
      }),

    resolve: (staff: StaffActor, patientId: string, alertId: string, note: string) =>
      act(staff, patientId, alertId, 'alert resolved', (row) => {
        if (row.state === 'resolved')
          throw new Conflict('This alert is already resolved.', 'clinic_alert_resolved');
        const now = ctx.now();
        return {
          state: 'resolved',
          resolvedAt: now,
          resolvedBy: staff.userId,
          resolutionNote: note,
          acknowledgedAt: row.acknowledgedAt ?? now,
          acknowledgedBy: row.acknowledgedBy ?? staff.userId,
        };
      }),

    async assign(staff: StaffActor, patientId: string, alertId: string, assigneeId: string | null) {
      if (assigneeId) {
        const member = await createClinicsRepo(db).membership(assigneeId, staff.clinic.id);
        if (!member || !roleMay(member.role, 'alerts')) {
          throw new Invalid('The assignee is not a staff member of this clinic who handles alerts.', {
            field: 'assigneeId',
          });
        }
      }
      return act(staff, patientId, alertId, 'alert assigned', () => ({ assigneeId }));
    },

    /** The patient's thresholds of the shared categories: stored ones, else the programme preset. */
    async thresholds(staff: StaffActor, patientId: string): Promise<{ thresholds: Threshold[] }> {
      const e = await sharing(staff, patientId);
      const shared = monitoredMetricIds.filter((m) => monitoredMetricApplies(m, e.categories));
      if (!shared.length) return { thresholds: [] };
      const rows = await accessUserData(
        ctx,
        {
          actor: clinicActor(staff),
          userId: patientId,
          purpose: `${RPM_PURPOSE}: thresholds`,
          what: ['clinic_thresholds'],
          legalBasis: RPM_LEGAL_BASIS,
        },
        (tx) => createMonitoringRepo(tx).thresholdsOf(patientId, staff.clinic.id, tx),
      );
      return {
        thresholds: shared.map((metric) => {
          const row = rows.find((r) => r.metric === metric);
          return {
            metric,
            preset: row?.preset ?? monitoredMetrics[metric].preset,
            stored: Boolean(row),
            limits: row?.limits ?? (thresholdPresets[metric] as Record<string, number>),
            unit:
              metric === 'no_transmission'
                ? 'd'
                : (getMetric(monitoredMetrics[metric].catalog[0] ?? '')?.unit ?? ''),
          };
        }),
      };
    },

    /** Sets one threshold: the metric's programme preset, or custom limits checked against the catalog. */
    async setThreshold(staff: StaffActor, patientId: string, metric: MonitoredMetric, body: ThresholdBody) {
      const e = await sharing(staff, patientId);
      const def = monitoredMetrics[metric];
      if (!monitoredMetricApplies(metric, e.categories)) {
        throw new Conflict(
          'The patient does not share this category with the clinic.',
          'clinic_category_not_shared',
        );
      }
      let preset: Threshold['preset'];
      let limits: Record<string, number>;
      if ('preset' in body) {
        if (body.preset !== def.preset) {
          throw new Invalid(`The ${body.preset} preset does not apply to this metric.`, { field: 'preset' });
        }
        preset = body.preset;
        limits = { ...(thresholdPresets[metric] as Record<string, number>) };
      } else {
        const checked = canonicalLimits(metric, body.limits, body.unit);
        if (!checked.ok)
          throw new AppError(422, 'invalid_threshold', 'These limits are not valid.', checked.problems);
        preset = 'custom';
        limits = checked.limits;
      }
      await accessUserData(
        ctx,
        {
          actor: clinicActor(staff),
          userId: patientId,
          purpose: `${RPM_PURPOSE}: thresholds changed`,
          what: ['clinic_thresholds'],
          legalBasis: RPM_LEGAL_BASIS,
        },
        (tx) =>
          createMonitoringRepo(tx).saveThreshold(
            {
              userId: patientId,
              clinicId: staff.clinic.id,
              metric,
              preset,
              limits,
              updatedBy: staff.userId,
              updatedAt: ctx.now(),
            },
            tx,
          ),
      );
      return this.thresholds(staff, patientId);
    },
  };
}
