import { goalKindSchema, goalSchema, goalSetBody } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { createGoalsService } from './goals.service';

/** The signed-in user's goals; a token needs health:read / health:write. */
export async function registerGoals(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const goals = createGoalsService(ctx);
  const tags = ['goals'];
  const params = z.object({ kind: goalKindSchema });

  r.get(
    '/api/me/goals',
    {
      schema: {
        tags,
        summary: 'The goals the user has set (steps per day, sleep seconds per night, target weight kg)',
        response: { 200: z.object({ goals: z.array(goalSchema) }) },
      },
    },
    async (req) => ({ goals: await goals.list(requireUser(req, 'health:read').userId) }),
  );

  r.put(
    '/api/me/goals/:kind',
    {
      schema: {
        tags,
        summary: 'Set or change one goal, in the canonical unit of its kind',
        params,
        body: goalSetBody,
        response: { 200: goalSchema },
      },
    },
    async (req) => goals.set(requireUser(req, 'health:write').userId, req.params.kind, req.body.value),
  );

  r.delete(
    '/api/me/goals/:kind',
    {
      schema: { tags, summary: 'Remove one goal', params, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await goals.remove(requireUser(req, 'health:write').userId, req.params.kind);
      return reply.code(204).send(null);
    },
  );
}
