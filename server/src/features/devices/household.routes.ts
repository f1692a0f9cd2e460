import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { householdAnswerSchema, inboxItemSchema, plainTextField } from '@vitalbase/core';
import { z } from 'zod';
import { requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { createUsersRepo } from '../accounts';
import { createHealthDataPorts } from './health-data-port';
import { createHouseholdRepo } from './household.repo';
import { createHouseholdService } from './household.service';

const tags = ['household'];

const ownerParams = z.object({ ownerId: z.string().uuid() });
const memberParams = z.object({ userId: z.string().uuid() });
const itemParams = z.object({ id: z.string().uuid() });
const noContent = { 204: z.null() };

/** A household shares the owner's scale (multi-user weigh-ins) and its inbox of unattributed weigh-ins. */
export function householdServiceOf(ctx: AppContext) {
  return createHouseholdService({
    db: ctx.database.db,
    repo: createHouseholdRepo(ctx.database.db),
    users: createUsersRepo(ctx.database.db),
    mailer: ctx.mailer,
    ingest: createHealthDataPorts(ctx).ingest,
    publicUrl: ctx.config.publicUrl,
    now: ctx.now,
  });
}

export async function registerHouseholdRoutes(app: FastifyInstance, ctx: AppContext) {
  const service = householdServiceOf(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/household',
    {
      schema: {
        tags,
        summary: 'My household and the households I belong to',
        response: { 200: householdAnswerSchema },
      },
    },
    async (req) => service.get(requireUser(req, 'devices:read').userId),
  );

  r.put(
    '/api/household',
    {
      schema: {
        tags,
        summary: 'Create or rename my household',
        body: z.object({ name: plainTextField(80) }),
        response: { 200: householdAnswerSchema },
      },
    },
    async (req) => {
      const { userId } = requireUser(req, 'devices:write');
      await service.rename(userId, req.body.name);
      return service.get(userId);
    },
  );

  r.post(
    '/api/household/invitations',
    {
      schema: {
        tags,
        summary: 'Invite an existing user by email (same answer whether or not the email has an account)',
        body: z.object({ email: z.email().max(254) }),
        response: { 202: z.object({ status: z.literal('invited') }) },
      },
    },
    async (req, reply) => {
      await service.invite(requireUser(req, 'devices:write').userId, req.body.email);
      return reply.status(202).send({ status: 'invited' as const });
    },
  );

  r.post(
    '/api/household/memberships/:ownerId/accept',
    { schema: { tags, summary: 'Accept an invitation', params: ownerParams, response: noContent } },
    async (req, reply) => {
      await service.accept(requireUser(req, 'devices:write').userId, req.params.ownerId);
      return reply.status(204).send(null);
    },
  );

  r.delete(
    '/api/household/memberships/:ownerId',
    {
      schema: {
        tags,
        summary: 'Decline an invitation or leave a household',
        params: ownerParams,
        response: noContent,
      },
    },
    async (req, reply) => {
      await service.leave(requireUser(req, 'devices:write').userId, req.params.ownerId);
      return reply.status(204).send(null);
    },
  );

  r.delete(
    '/api/household/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member from my household',
        params: memberParams,
        response: noContent,
      },
    },
    async (req, reply) => {
      await service.removeMember(requireUser(req, 'devices:write').userId, req.params.userId);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/household/inbox',
    {
      schema: {
        tags,
        summary: "Weigh-ins a shared scale could not attribute (my households')",
        response: { 200: z.array(inboxItemSchema) },
      },
    },
    async (req) => service.inbox(requireUser(req, 'devices:read').userId),
  );

  r.post(
    '/api/household/inbox/:id/claim',
    {
      schema: {
        tags,
        summary: 'Claim a weigh-in: it is stored as mine',
        params: itemParams,
        response: { 200: z.object({ status: z.enum(['stored', 'duplicate']), ref: z.string().optional() }) },
      },
    },
    async (req) => service.claim(requireUser(req, 'devices:write').userId, req.params.id),
  );

  r.delete(
    '/api/household/inbox/:id',
    {
      schema: { tags, summary: 'Discard a weigh-in nobody claims', params: itemParams, response: noContent },
    },
    async (req, reply) => {
      await service.discard(requireUser(req, 'devices:write').userId, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
