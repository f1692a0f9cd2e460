import { enrolmentAcceptBody, invitationViewSchema, mySharingSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { rateLimited } from '../accounts';
import { createInvitationsService } from './invitations.service';
import { createSharingService } from './sharing.service';

/**
 * The invitee's and the patient's side: an invitation read and accepted (its code travels in a header,
 * never in the URL), and the clinics the patient shares with, in the privacy center.
 */
export async function registerSharingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const invitations = createInvitationsService(ctx);
  const sharing = createSharingService(ctx);
  const headers = z.object({ 'x-invitation-code': z.string().trim().min(16).max(40) });
  const accepted = z.object({ clinicId: z.string(), clinicName: z.string() });

  r.get(
    '/api/clinic-invitations',
    {
      schema: {
        security: [],
        tags: ['clinics'],
        summary: 'An invitation of a clinic (staff or patient), for the holder of its code',
        headers,
        response: { 200: invitationViewSchema },
      },
      preHandler: rateLimited(app, 'redeemLink'),
    },
    async (req) => invitations.view(req.headers['x-invitation-code']),
  );

  r.post(
    '/api/clinic-invitations/staff/accept',
    {
      schema: {
        tags: ['clinics'],
        summary: 'Join the clinic’s staff (the account of the invited email)',
        headers,
        response: { 200: accepted },
      },
      preHandler: rateLimited(app, 'redeemLink'),
    },
    async (req) => invitations.acceptStaff(requireSession(req).userId, req.headers['x-invitation-code']),
  );

  r.post(
    '/api/clinic-invitations/patient/accept',
    {
      schema: {
        tags: ['clinics'],
        summary:
          'Accept a clinic’s remote monitoring programme: the categories shared, the terms and wording read',
        headers,
        body: enrolmentAcceptBody,
        response: { 200: accepted.extend({ categories: z.array(z.string()), since: z.string() }) },
      },
      preHandler: rateLimited(app, 'redeemLink'),
    },
    async (req) =>
      invitations.acceptPatient(requireSession(req).userId, req.headers['x-invitation-code'], req.body),
  );

  r.post(
    '/api/clinic-invitations/patient/accept-as-guardian',
    {
      schema: {
        security: [],
        tags: ['clinics'],
        summary:
          'A parent accepts a clinic’s programme for their minor child (the guardian link in `x-guardian-token`)',
        headers: headers.extend({ 'x-guardian-token': z.string().trim().min(10).max(300) }),
        body: enrolmentAcceptBody,
        response: { 200: accepted.extend({ categories: z.array(z.string()), since: z.string() }) },
      },
      preHandler: rateLimited(app, 'redeemLink'),
    },
    async (req) =>
      invitations.acceptPatientAsGuardian(
        req.headers['x-guardian-token'],
        req.headers['x-invitation-code'],
        req.body,
      ),
  );

  r.get(
    '/api/me/clinics',
    {
      schema: {
        tags: ['privacy'],
        summary: 'The clinics I share data with: what, since when',
        response: { 200: mySharingSchema },
      },
    },
    async (req) => sharing.mine(requireSession(req).userId),
  );

  r.delete(
    '/api/me/clinics/:clinicId',
    {
      schema: {
        tags: ['privacy'],
        summary: 'Stop sharing with a clinic: its reads stop at once',
        params: z.object({ clinicId: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await sharing.stop(requireSession(req).userId, req.params.clinicId);
      return reply.code(204).send(null);
    },
  );
}
