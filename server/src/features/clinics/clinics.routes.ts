import {
  clinicSchema,
  clinicSettingsBody,
  invitationCreatedSchema,
  myClinicsSchema,
  patientInvitationBody,
  patientInvitationListSchema,
  patientListQuery,
  patientPageSchema,
  clinicPatientDetailSchema,
  readingsPageSchema,
  readingsQuerySchema,
  staffInvitationBody,
  staffListSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { createStaffGate } from './clinic-access';
import { createInvitationsService } from './invitations.service';
import { createPatientsService } from './patients.service';
import { createStaffService } from './staff.service';

/**
 * The care team's API (issue #15): /api/clinics/… Every route passes the staff gate (clinic-access.ts):
 * a browser session with a second factor, staff of the clinic now, in a role that allows the action.
 */
export async function registerClinicRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createStaffGate(ctx);
  const staff = createStaffService(ctx);
  const invitations = createInvitationsService(ctx);
  const patients = createPatientsService(ctx);
  const tags = ['clinics'];
  const clinic = z.object({ clinicId: z.uuid() });
  const member = clinic.extend({ userId: z.uuid() });
  const patient = clinic.extend({ patientId: z.uuid() });

  r.get(
    '/api/clinics',
    {
      schema: {
        tags,
        summary: 'The clinics I am staff of, with my role',
        response: { 200: myClinicsSchema },
      },
    },
    async (req) => staff.myClinics(await gate.assertSecondFactor(req)),
  );

  r.get(
    '/api/clinics/:clinicId',
    {
      schema: {
        tags,
        summary: 'A clinic I am staff of: settings and my permissions',
        params: clinic,
        response: { 200: clinicSchema },
      },
    },
    async (req) => staff.view(await gate.requireStaff(req, req.params.clinicId, 'patients')),
  );

  r.patch(
    '/api/clinics/:clinicId',
    {
      schema: {
        tags,
        summary:
          'Change the clinic’s name, programme terms (a new terms version) or default categories (clinic_admin)',
        params: clinic,
        body: clinicSettingsBody,
        response: { 200: clinicSchema },
      },
    },
    async (req) =>
      staff.updateSettings(await gate.requireStaff(req, req.params.clinicId, 'settings'), req.body),
  );

  r.get(
    '/api/clinics/:clinicId/staff',
    {
      schema: {
        tags,
        summary: 'Staff and pending staff invitations (clinic_admin)',
        params: clinic,
        response: { 200: staffListSchema },
      },
    },
    async (req) => staff.staffList(await gate.requireStaff(req, req.params.clinicId, 'staff')),
  );

  r.post(
    '/api/clinics/:clinicId/staff/invitations',
    {
      schema: {
        tags,
        summary: 'Invite a person to the staff by email, with a role (clinic_admin)',
        params: clinic,
        body: staffInvitationBody,
        response: { 201: invitationCreatedSchema },
      },
    },
    async (req, reply) => {
      const actor = await gate.requireStaff(req, req.params.clinicId, 'staff');
      return reply.code(201).send(await invitations.inviteStaff(actor.clinic, actor.userId, req.body));
    },
  );

  r.delete(
    '/api/clinics/:clinicId/staff/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a staff member: their access ends at once (clinic_admin)',
        params: member,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await staff.removeStaff(await gate.requireStaff(req, req.params.clinicId, 'staff'), req.params.userId);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/clinics/:clinicId/patient-invitations',
    {
      schema: {
        tags,
        summary: 'Invite a patient: an enrolment code and link to print, mailed too when an email is given',
        params: clinic,
        body: patientInvitationBody,
        response: { 201: invitationCreatedSchema },
      },
    },
    async (req, reply) => {
      const actor = await gate.requireStaff(req, req.params.clinicId, 'patients');
      return reply.code(201).send(await invitations.invitePatient(actor, req.body));
    },
  );

  r.get(
    '/api/clinics/:clinicId/patient-invitations',
    {
      schema: {
        tags,
        summary: 'The patient invitations still open (not accepted, not expired), with their reserved units',
        params: clinic,
        response: { 200: patientInvitationListSchema },
      },
    },
    async (req) => invitations.pendingPatients(await gate.requireStaff(req, req.params.clinicId, 'patients')),
  );

  r.get(
    '/api/clinics/:clinicId/patients',
    {
      schema: {
        tags,
        summary: 'The clinic’s patients, newest enrolment first, with the latest value of each shared metric',
        params: clinic,
        querystring: patientListQuery,
        response: { 200: patientPageSchema },
      },
    },
    async (req) => patients.list(await gate.requireStaff(req, req.params.clinicId, 'patients'), req.query),
  );

  r.get(
    '/api/clinics/:clinicId/patients/:patientId',
    {
      schema: {
        tags,
        summary: 'One patient of the clinic: since when, what they share, every period they shared',
        params: patient,
        response: { 200: clinicPatientDetailSchema },
      },
    },
    async (req) =>
      patients.patient(await gate.requireStaff(req, req.params.clinicId, 'patients'), req.params.patientId),
  );

  r.get(
    '/api/clinics/:clinicId/patients/:patientId/readings',
    {
      schema: {
        tags,
        summary: 'A patient’s readings of one metric of a shared category (only the shared measures)',
        params: patient,
        querystring: readingsQuerySchema.strict(),
        response: { 200: readingsPageSchema },
      },
    },
    async (req) =>
      patients.readings(
        await gate.requireStaff(req, req.params.clinicId, 'patients'),
        req.params.patientId,
        req.query,
      ),
  );
}
