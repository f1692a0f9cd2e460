import { newPrivacyRequestBody, privacyRequestViewSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession, requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { createPrivacyRequestsService } from './privacy-requests.service';

/** Privacy requests (issue 5 item 6): filed by the user, answered by the operator within a month. */
export async function registerPrivacyRequests(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const requests = createPrivacyRequestsService(ctx);
  const tags = ['privacy'];

  r.post(
    '/api/me/privacy-requests',
    {
      schema: {
        tags,
        summary: 'File a request to the operator (answered within one month)',
        body: newPrivacyRequestBody,
        response: { 201: privacyRequestViewSchema },
      },
    },
    async (req, reply) => {
      // Exercising a right is the user's own act, in person: no token scope files a request.
      const auth = requireSession(req);
      return reply.status(201).send(await requests.file(auth.userId, req.body));
    },
  );

  r.get(
    '/api/me/privacy-requests',
    {
      schema: {
        tags,
        summary: 'My requests, newest first, with their status and answer',
        response: { 200: z.object({ requests: z.array(privacyRequestViewSchema) }) },
      },
    },
    async (req) => ({ requests: await requests.list(requireUser(req, 'profile:read').userId) }),
  );

  r.get(
    '/api/me/privacy-requests/:id',
    {
      schema: {
        tags,
        summary: 'One of my requests',
        params: z.strictObject({ id: z.uuid() }),
        response: { 200: privacyRequestViewSchema },
      },
    },
    async (req) => requests.get(requireUser(req, 'profile:read').userId, req.params.id),
  );
}
