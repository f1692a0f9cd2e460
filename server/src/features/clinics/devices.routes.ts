import {
  clinicDeviceAssignBody,
  clinicDeviceBody,
  clinicDeviceListSchema,
  clinicDeviceSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { createStaffGate } from './clinic-access';
import { createClinicDevicesService } from './devices.service';

/** The clinic's device stock (clinic_admin: the `devices` permission), /api/clinics/:clinicId/devices. */
export async function registerClinicDeviceRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createStaffGate(ctx);
  const devices = createClinicDevicesService(ctx);
  const tags = ['clinics'];
  const clinic = z.object({ clinicId: z.uuid() });
  const unit = clinic.extend({ unitId: z.uuid() });

  r.get(
    '/api/clinics/:clinicId/devices',
    {
      schema: {
        tags,
        summary: 'The clinic’s device stock: in stock, reserved for an invitation, with a patient',
        params: clinic,
        response: { 200: clinicDeviceListSchema },
      },
    },
    async (req) => devices.list(await gate.requireStaff(req, req.params.clinicId, 'devices')),
  );

  r.post(
    '/api/clinics/:clinicId/devices',
    {
      schema: {
        tags,
        summary: 'Register a manufactured unit into the stock by its serial and claim code',
        params: clinic,
        body: clinicDeviceBody,
        response: { 201: clinicDeviceSchema },
      },
      config: {
        // A wrong claim-code guess costs an attempt; a clinic registers a box of units at a time.
        rateLimit: { max: 1000, timeWindow: '15 minutes', keyGenerator: (req) => req.auth?.userId ?? req.ip },
      },
    },
    async (req, reply) => {
      const staff = await gate.requireStaff(req, req.params.clinicId, 'devices');
      return reply.code(201).send(await devices.register(staff, req.body));
    },
  );

  r.post(
    '/api/clinics/:clinicId/devices/:unitId/assign',
    {
      schema: {
        tags,
        summary: 'Reserve a unit for a patient invitation: it is paired to the patient when they accept',
        params: unit,
        body: clinicDeviceAssignBody,
        response: { 200: clinicDeviceSchema },
      },
    },
    async (req) =>
      devices.assign(
        await gate.requireStaff(req, req.params.clinicId, 'devices'),
        req.params.unitId,
        req.body.invitationId,
      ),
  );

  r.post(
    '/api/clinics/:clinicId/devices/:unitId/return',
    {
      schema: {
        tags,
        summary: 'Back to stock: drops a reservation, or unpairs the unit of a patient who stopped sharing',
        params: unit,
        response: { 200: clinicDeviceSchema },
      },
    },
    async (req) =>
      devices.returnToStock(await gate.requireStaff(req, req.params.clinicId, 'devices'), req.params.unitId),
  );

  r.post(
    '/api/clinics/:clinicId/devices/:unitId/re-pair',
    {
      schema: {
        tags,
        summary:
          'Re-pair a unit with a patient: its credential stops working and it may activate once more with its claim code',
        params: unit,
        response: { 200: clinicDeviceSchema },
      },
    },
    async (req) =>
      devices.rePair(await gate.requireStaff(req, req.params.clinicId, 'devices'), req.params.unitId),
  );
}
