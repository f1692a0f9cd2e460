import {
  alertAssigneesSchema,
  clinicWebhookBody,
  clinicWebhookSchema,
  monthlyReportSchema,
  monthQuery,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { createStaffGate } from './clinic-access';
import { createEscalationService } from './escalation.service';
import { createReportService, reportCsv } from './report.service';

/**
 * The monthly report (JSON for the printable page, CSV to download; `patients` permission: every
 * role), the escalation webhook (`settings`: clinic_admin) and who an alert may be assigned to
 * (`alerts`: every role), behind the staff gate.
 */
export async function registerReportRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createStaffGate(ctx);
  const reports = createReportService(ctx);
  const webhook = createEscalationService(ctx);
  const tags = ['clinics'];
  const clinic = z.object({ clinicId: z.uuid() });
  const patient = clinic.extend({ patientId: z.uuid() });
  const csv = (month: string) => ({
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="vitalbase-report-${month}.csv"`,
    'cache-control': 'no-store',
  });

  r.get(
    '/api/clinics/:clinicId/report',
    {
      schema: {
        tags,
        summary: 'The clinic’s monthly report: one line per patient sharing now',
        params: clinic,
        querystring: monthQuery,
        response: { 200: monthlyReportSchema },
      },
    },
    async (req) =>
      reports.clinic(await gate.requireStaff(req, req.params.clinicId, 'patients'), req.query.month),
  );

  r.get(
    '/api/clinics/:clinicId/report.csv',
    {
      schema: {
        tags,
        summary: 'The clinic’s monthly report as CSV (an attachment)',
        params: clinic,
        querystring: monthQuery,
      },
    },
    async (req, reply) => {
      const staff = await gate.requireStaff(req, req.params.clinicId, 'patients');
      const report = await reports.clinic(staff, req.query.month);
      return reply.headers(csv(req.query.month)).send(reportCsv(report));
    },
  );

  r.get(
    '/api/clinics/:clinicId/patients/:patientId/report',
    {
      schema: {
        tags,
        summary: 'One patient’s monthly report',
        params: patient,
        querystring: monthQuery,
        response: { 200: monthlyReportSchema },
      },
    },
    async (req) =>
      reports.patient(
        await gate.requireStaff(req, req.params.clinicId, 'patients'),
        req.params.patientId,
        req.query.month,
      ),
  );

  r.get(
    '/api/clinics/:clinicId/patients/:patientId/report.csv',
    {
      schema: {
        tags,
        summary: 'One patient’s monthly report as CSV (an attachment)',
        params: patient,
        querystring: monthQuery,
      },
    },
    async (req, reply) => {
      const staff = await gate.requireStaff(req, req.params.clinicId, 'patients');
      const report = await reports.patient(staff, req.params.patientId, req.query.month);
      return reply.headers(csv(req.query.month)).send(reportCsv(report));
    },
  );

  r.put(
    '/api/clinics/:clinicId/webhook',
    {
      schema: {
        tags,
        summary: 'Set the escalation webhook; its signing secret is shown when made (clinic_admin)',
        params: clinic,
        body: clinicWebhookBody,
        response: { 200: clinicWebhookSchema },
      },
    },
    async (req) => webhook.set(await gate.requireStaff(req, req.params.clinicId, 'settings'), req.body),
  );

  r.delete(
    '/api/clinics/:clinicId/webhook',
    {
      schema: {
        tags,
        summary: 'Remove the escalation webhook (clinic_admin)',
        params: clinic,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await webhook.remove(await gate.requireStaff(req, req.params.clinicId, 'settings'));
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/clinics/:clinicId/alert-assignees',
    {
      schema: {
        tags,
        summary: 'Staff an alert may be assigned to (their role handles alerts)',
        params: clinic,
        response: { 200: alertAssigneesSchema },
      },
    },
    async (req) => webhook.assignees(await gate.requireStaff(req, req.params.clinicId, 'alerts')),
  );
}
