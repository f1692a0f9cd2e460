import {
  monthQuery,
  patientNoteBody,
  patientNoteSchema,
  patientNotesSchema,
  timeEntryBody,
  timeEntryPatch,
  timeEntrySchema,
  timeLogSchema,
  timerStartBody,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { createCareService } from './care.service';
import { createStaffGate } from './clinic-access';

/**
 * The care team's records on a patient (issue #15): the time log (`time_log`: clinic_admin,
 * clinician, care_coordinator; each edits only their own entries) and the clinic's notes (`notes`:
 * clinic_admin, clinician), behind the same staff gate as the rest of /api/clinics.
 */
export async function registerCareRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createStaffGate(ctx);
  const care = createCareService(ctx);
  const tags = ['clinics'];
  const patient = z.object({ clinicId: z.uuid(), patientId: z.uuid() });
  const entry = patient.extend({ entryId: z.uuid() });
  const base = '/api/clinics/:clinicId/patients/:patientId';

  r.get(
    `${base}/time-log`,
    {
      schema: {
        tags,
        summary: 'Care-team time on the patient in a calendar month, with its totals',
        params: patient,
        querystring: monthQuery,
        response: { 200: timeLogSchema },
      },
    },
    async (req) =>
      care.timeLog(
        await gate.requireStaff(req, req.params.clinicId, 'time_log'),
        req.params.patientId,
        req.query.month,
      ),
  );

  r.post(
    `${base}/time-log`,
    {
      schema: {
        tags,
        summary: 'Log minutes spent on the patient on a day (manual entry)',
        params: patient,
        body: timeEntryBody,
        response: { 201: timeEntrySchema },
      },
    },
    async (req, reply) => {
      const staff = await gate.requireStaff(req, req.params.clinicId, 'time_log');
      return reply.code(201).send(await care.addEntry(staff, req.params.patientId, req.body));
    },
  );

  r.post(
    `${base}/time-log/timer`,
    {
      schema: {
        tags,
        summary: 'Start my timer on the patient (its minutes are counted when it is stopped)',
        params: patient,
        body: timerStartBody,
        response: { 201: timeEntrySchema },
      },
    },
    async (req, reply) => {
      const staff = await gate.requireStaff(req, req.params.clinicId, 'time_log');
      return reply.code(201).send(await care.startTimer(staff, req.params.patientId, req.body));
    },
  );

  r.post(
    `${base}/time-log/:entryId/stop`,
    {
      schema: { tags, summary: 'Stop my running timer', params: entry, response: { 200: timeEntrySchema } },
    },
    async (req) =>
      care.stopTimer(
        await gate.requireStaff(req, req.params.clinicId, 'time_log'),
        req.params.patientId,
        req.params.entryId,
      ),
  );

  r.patch(
    `${base}/time-log/:entryId`,
    {
      schema: {
        tags,
        summary: 'Change one of my time entries',
        params: entry,
        body: timeEntryPatch,
        response: { 200: timeEntrySchema },
      },
    },
    async (req) =>
      care.updateEntry(
        await gate.requireStaff(req, req.params.clinicId, 'time_log'),
        req.params.patientId,
        req.params.entryId,
        req.body,
      ),
  );

  r.delete(
    `${base}/time-log/:entryId`,
    {
      schema: { tags, summary: 'Delete one of my time entries', params: entry, response: { 204: z.null() } },
    },
    async (req, reply) => {
      const staff = await gate.requireStaff(req, req.params.clinicId, 'time_log');
      await care.deleteEntry(staff, req.params.patientId, req.params.entryId);
      return reply.code(204).send(null);
    },
  );

  r.get(
    `${base}/notes`,
    {
      schema: {
        tags,
        summary: 'The clinic’s notes on the patient, newest first (readable after sharing stopped)',
        params: patient,
        response: { 200: patientNotesSchema },
      },
    },
    async (req) =>
      care.notes(await gate.requireStaff(req, req.params.clinicId, 'notes'), req.params.patientId),
  );

  r.post(
    `${base}/notes`,
    {
      schema: {
        tags,
        summary: 'Write a note on the patient (the clinic’s record)',
        params: patient,
        body: patientNoteBody,
        response: { 201: patientNoteSchema },
      },
    },
    async (req, reply) => {
      const staff = await gate.requireStaff(req, req.params.clinicId, 'notes');
      return reply.code(201).send(await care.addNote(staff, req.params.patientId, req.body.body));
    },
  );
}
