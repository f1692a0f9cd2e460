import {
  consentChangeBody,
  consentPurposeSchema,
  consentStateSchema,
  guardianViewSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { rateLimited } from '../accounts';
import { createGuardianService } from './guardian.service';

/**
 * A parent's side of a child's consents: no account needed, the mailed link is the credential. The
 * token travels in a header, never in the URL (URLs end up in logs and browser history).
 */
export async function registerGuardianRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const guardian = createGuardianService(ctx);
  const tags = ['privacy'];
  const headers = z.object({ 'x-guardian-token': z.string().trim().min(10).max(300) });

  r.get(
    '/api/guardian/consents',
    {
      schema: {
        security: [],
        tags,
        summary: "A child's consents, for the parent holding the mailed link",
        headers,
        response: {
          200: guardianViewSchema,
        },
      },
      preHandler: rateLimited(app, 'redeemLink'),
    },
    async (req) => guardian.view(req.headers['x-guardian-token']),
  );

  r.put(
    '/api/guardian/consents/:purpose',
    {
      schema: {
        security: [],
        tags,
        summary: "Give or withdraw one of a child's consents (the parent, from the mailed link)",
        headers,
        params: z.object({ purpose: consentPurposeSchema }),
        body: consentChangeBody,
        response: { 200: consentStateSchema },
      },
      preHandler: rateLimited(app, 'redeemLink'),
    },
    async (req) => guardian.change(req.headers['x-guardian-token'], req.params.purpose, req.body),
  );
}
