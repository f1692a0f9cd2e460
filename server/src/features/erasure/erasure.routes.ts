import { erasureRequestedSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { requestMeta } from '../../lib/request-meta';
import { SESSION_COOKIE } from '../accounts';
import { perAccountRateLimit, proofOf, reauthenticating, secondFactorProofFields } from '../second-factor';
import { createErasureService } from './erasure.service';

const requestBody = reauthenticating(
  z.strictObject({
    /** Not needed with a passkey that verified its user (step-up). */
    currentPassword: z.string().min(1).max(1000).optional(),
    /** With a second factor on, one of these: a TOTP code or a recovery code, or a passkey's answer. */
    secondFactorCode: secondFactorProofFields.code,
    /** The browser's answer to POST /api/me/second-factor/passkey/options. */
    passkey: secondFactorProofFields.passkey,
  }),
);

const cancelBody = z.strictObject({ token: z.string().min(1).max(200) });

/** "Delete my account" (P19): the request, its cancel link, and (in erasure.jobs.ts) the purge. */
export async function registerErasure(app: FastifyInstance, ctx: AppContext) {
  const service = createErasureService(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['privacy'];

  r.post(
    '/api/me/erasure',
    {
      schema: {
        tags,
        summary: 'Delete my account: closed at once, purged after 7 days unless cancelled',
        body: requestBody,
        response: { 202: erasureRequestedSchema },
      },
      config: perAccountRateLimit(10, '1 hour'),
    },
    async (req, reply) => {
      const { userId } = requireSession(req);
      const { currentPassword, secondFactorCode, passkey } = req.body;
      const { purgeAfter } = await service.request(requestMeta(req), userId, {
        currentPassword,
        secondFactor: proofOf({ code: secondFactorCode, passkey }),
      });
      // The session row is gone; the browser's cookie goes too.
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(202).send({ purgeAfter: purgeAfter.toISOString() });
    },
  );

  r.post(
    '/api/erasure/cancel',
    {
      schema: {
        security: [],
        tags,
        summary: 'Cancel an account deletion with the mailed link (within 7 days)',
        body: cancelBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await service.cancel(requestMeta(req), req.body.token);
      return reply.status(204).send(null);
    },
  );
}
