import {
  courtOrderInputSchema,
  liftInputSchema,
  maintenanceWindowInputSchema,
  maintenanceWindowListSchema,
  maintenanceWindowSchema,
  suspendInputSchema,
  suspensionListSchema,
  suspensionSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { recordSecurityEvent } from '../accounts';
import { createOperatorGate } from '../operator';
import type { MaintenanceService } from './maintenance.service';
import type { createSuspensionService } from './suspension.service';

const tags = ['admin'];
const idParams = z.object({ id: z.uuid() });

/**
 * The console's lifecycle areas, behind the operator gate: maintenance windows (operator_admin),
 * suspensions and court-ordered closures (privacy_officer). Every action is in the audit trail.
 */
export async function registerLifecycleAdminRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  deps: { maintenance: MaintenanceService; suspensions: ReturnType<typeof createSuspensionService> },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createOperatorGate(ctx);
  const { maintenance, suspensions } = deps;
  const staffEvent = (userId: string, action: string, details: Record<string, unknown>) =>
    recordSecurityEvent(ctx, undefined, { userId, actorType: 'operator', actorId: userId, action, details });

  r.get(
    '/api/admin/maintenance',
    {
      schema: {
        tags,
        summary: 'Maintenance windows, newest first (operator_admin)',
        response: { 200: maintenanceWindowListSchema },
      },
    },
    async (req) => {
      await gate.require(req, 'operator_admin');
      return { windows: await maintenance.list() };
    },
  );

  r.post(
    '/api/admin/maintenance',
    {
      schema: {
        tags,
        summary:
          'Schedule a maintenance window: banner from its notice date, mail when over an hour (operator_admin)',
        body: maintenanceWindowInputSchema,
        response: { 201: maintenanceWindowSchema },
      },
    },
    async (req, reply) => {
      const actor = await gate.require(req, 'operator_admin');
      const window = await maintenance.schedule(actor.userId, req.body);
      await staffEvent(actor.userId, 'maintenance_scheduled', { windowId: window.id });
      return reply.status(201).send(window);
    },
  );

  r.delete(
    '/api/admin/maintenance/:id',
    {
      schema: {
        tags,
        summary: 'Cancel (or end early) a maintenance window (operator_admin)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const actor = await gate.require(req, 'operator_admin');
      await maintenance.cancel(req.params.id);
      await staffEvent(actor.userId, 'maintenance_cancelled', { windowId: req.params.id });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/admin/suspensions',
    {
      schema: {
        tags,
        summary: 'Suspensions, newest first (privacy_officer)',
        response: { 200: suspensionListSchema },
      },
    },
    async (req) => {
      await gate.require(req, 'privacy_officer');
      return { suspensions: await suspensions.list() };
    },
  );

  r.post(
    '/api/admin/suspensions',
    {
      schema: {
        tags,
        summary: 'Suspend an account with a reason: mailed to the user, 15 days to answer (privacy_officer)',
        body: suspendInputSchema,
        response: { 201: suspensionSchema },
      },
    },
    async (req, reply) => {
      const actor = await gate.require(req, 'privacy_officer');
      const row = await suspensions.suspend({ id: actor.userId }, req.body);
      return reply.status(201).send(await suspensions.view(row.id));
    },
  );

  r.post(
    '/api/admin/suspensions/:id/lift',
    {
      schema: {
        tags,
        summary: 'Lift a suspension: the account is active again as it was (privacy_officer)',
        params: idParams,
        body: liftInputSchema,
        response: { 200: suspensionSchema },
      },
    },
    async (req) => {
      const actor = await gate.require(req, 'privacy_officer');
      await suspensions.lift({ id: actor.userId }, req.params.id, req.body.reason);
      return suspensions.view(req.params.id);
    },
  );

  r.post(
    '/api/admin/court-orders',
    {
      schema: {
        tags,
        summary: 'Close an account at once on a court order, recorded as a legal case (privacy_officer)',
        body: courtOrderInputSchema,
        response: { 201: suspensionSchema },
      },
    },
    async (req, reply) => {
      const actor = await gate.require(req, 'privacy_officer');
      const row = await suspensions.closeByCourtOrder({ id: actor.userId }, req.body);
      return reply.status(201).send(await suspensions.view(row.id));
    },
  );
}
