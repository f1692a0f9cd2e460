import {
  alertAssignBody,
  alertPageSchema,
  alertQueueQuery,
  alertResolveBody,
  clinicAlertSchema,
  monitoredMetricSchema,
  thresholdBody,
  thresholdListSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { createStaffGate } from './clinic-access';
import { createMonitoringService } from './monitoring.service';

/**
 * Monitoring (issue #15): the clinic's alert queue and each patient's thresholds. Alerts need the
 * `alerts` permission (every role), changing a threshold `thresholds` (clinic_admin, clinician: a
 * care coordinator may not), behind the same staff gate as the rest of /api/clinics.
 */
export async function registerMonitoringRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createStaffGate(ctx);
  const monitoring = createMonitoringService(ctx);
  const tags = ['clinics'];
  const clinic = z.object({ clinicId: z.uuid() });
  const patient = clinic.extend({ patientId: z.uuid() });
  const alert = patient.extend({ alertId: z.uuid() });
  const threshold = patient.extend({ metric: monitoredMetricSchema });

  r.get(
    '/api/clinics/:clinicId/alerts',
    {
      schema: {
        tags,
        summary: 'The clinic’s alert queue, newest raised first (active: open and acknowledged)',
        params: clinic,
        querystring: alertQueueQuery,
        response: { 200: alertPageSchema },
      },
    },
    async (req) => monitoring.queue(await gate.requireStaff(req, req.params.clinicId, 'alerts'), req.query),
  );

  r.post(
    '/api/clinics/:clinicId/patients/:patientId/alerts/:alertId/acknowledge',
    {
      schema: { tags, summary: 'Acknowledge an alert', params: alert, response: { 200: clinicAlertSchema } },
    },
    async (req) =>
      monitoring.acknowledge(
        await gate.requireStaff(req, req.params.clinicId, 'alerts'),
        req.params.patientId,
        req.params.alertId,
      ),
  );

  r.post(
    '/api/clinics/:clinicId/patients/:patientId/alerts/:alertId/resolve',
    {
      schema: {
        tags,
        summary: 'Resolve an alert with a note',
        params: alert,
        body: alertResolveBody,
        response: { 200: clinicAlertSchema },
      },
    },
    async (req) =>
      monitoring.resolve(
        await gate.requireStaff(req, req.params.clinicId, 'alerts'),
        req.params.patientId,
        req.params.alertId,
        req.body.note,
      ),
  );

  r.post(
    '/api/clinics/:clinicId/patients/:patientId/alerts/:alertId/assign',
    {
      schema: {
        tags,
        summary: 'Assign an alert to a staff member who handles alerts (null: unassign)',
        params: alert,
        body: alertAssignBody,
        response: { 200: clinicAlertSchema },
      },
    },
    async (req) =>
      monitoring.assign(
        await gate.requireStaff(req, req.params.clinicId, 'alerts'),
        req.params.patientId,
        req.params.alertId,
        req.body.assigneeId,
      ),
  );

  r.get(
    '/api/clinics/:clinicId/patients/:patientId/thresholds',
    {
      schema: {
        tags,
        summary: 'The patient’s alert thresholds for the shared categories (the programme preset when unset)',
        params: patient,
        response: { 200: thresholdListSchema },
      },
    },
    async (req) =>
      monitoring.thresholds(
        await gate.requireStaff(req, req.params.clinicId, 'patients'),
        req.params.patientId,
      ),
  );

  r.put(
    '/api/clinics/:clinicId/patients/:patientId/thresholds/:metric',
    {
      schema: {
        tags,
        summary: 'Set a threshold: the programme preset or custom limits (clinic_admin, clinician)',
        params: threshold,
        body: thresholdBody,
        response: { 200: thresholdListSchema },
      },
    },
    async (req) =>
      monitoring.setThreshold(
        await gate.requireStaff(req, req.params.clinicId, 'thresholds'),
        req.params.patientId,
        req.params.metric,
        req.body,
      ),
  );
}
