import { displayNameField, parentalConsentRequestSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { requestMeta } from '../../lib/request-meta';
import { linkTokenField } from './auth.routes';
import { createParentalConsentService } from './parental-consent.service';
import { rateLimited } from './rate-limits';

/** The parent's side of a minor's sign-up [P3]: no account needed, the mailed link is the credential. */
export async function registerParentalConsentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const consent = createParentalConsentService(ctx);
  const tags = ['accounts'];
  const params = z.object({ token: linkTokenField });

  r.get(
    '/api/parental-consent/:token',
    {
      schema: {
        security: [],
        tags,
        summary: 'What a parent is asked to consent to',
        params,
        response: { 200: parentalConsentRequestSchema },
      },
      preHandler: rateLimited(app, 'redeemLink'),
    },
    async (req) => consent.show(req.params.token),
  );

  r.post(
    '/api/parental-consent/:token',
    {
      schema: {
        security: [],
        tags,
        summary: "Grant or refuse consent; refusing deletes the child's account and data",
        params,
        body: z.object({ decision: z.enum(['grant', 'refuse']), parentName: displayNameField }),
        response: { 200: z.object({ status: z.enum(['granted', 'refused']) }) },
      },
      preHandler: rateLimited(app, 'redeemLink'),
    },
    async (req) => ({
      status: await consent.decide(
        requestMeta(req),
        req.params.token,
        req.body.decision,
        req.body.parentName,
      ),
    }),
  );
}
