import {
  policyAcceptancesSchema,
  policyAcceptBody,
  policyDocumentSchema,
  policyVersionDetailSchema,
  policyListSchema,
  policyLocaleSchema,
  policyStatusSchema,
  policyVersionSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession, requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { createPoliciesService } from './policies.service';
import { missingOperatorFacts } from './operator-facts';
import { registerPolicyGate } from './policy-gate';

const localeQuery = z.strictObject({ locale: policyLocaleSchema.default('en') });
/** The texts in force change a few times a year, on a date: a browser or proxy may keep one a while. */
const PUBLIC_MAX_AGE_S = 300;

/** Policy versions (issue 5 item 3, P16): public documents, the user's status, acceptance, the gate. */
export async function registerPolicies(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const policies = createPoliciesService(ctx);
  // Version 1 of each document, at first start (and a no-op at every later one).
  await policies.seed();
  const missing = missingOperatorFacts(ctx.config);
  if (missing.length) {
    ctx.log.warn({ missing }, 'the privacy policy and terms show placeholders for settings not set');
  }
  registerPolicyGate(app, policies);
  const tags = ['privacy'];

  r.get(
    '/api/policies',
    {
      schema: {
        security: [],
        tags,
        summary: 'Every published version of the privacy policy and the terms (public)',
        querystring: localeQuery,
        response: { 200: policyListSchema },
      },
    },
    async (req) => ({ documents: await policies.list(req.query.locale) }),
  );

  r.get(
    '/api/policies/:document',
    {
      schema: {
        security: [],
        tags,
        summary: 'The version in force, in English or French, ready to read before signing up (public)',
        params: z.strictObject({ document: policyDocumentSchema }),
        querystring: localeQuery,
        response: { 200: policyVersionDetailSchema },
      },
      config: { publicCache: true },
    },
    async (req, reply) => {
      reply.header('cache-control', `public, max-age=${PUBLIC_MAX_AGE_S}`);
      return policies.showInForce(req.params.document, req.query.locale);
    },
  );

  r.get(
    '/api/policies/:document/:version',
    {
      schema: {
        security: [],
        tags,
        summary: 'One version: sanitised HTML, Markdown, and the diff from the previous version (public)',
        params: z.strictObject({ document: policyDocumentSchema, version: policyVersionSchema }),
        querystring: localeQuery,
        response: { 200: policyVersionDetailSchema },
      },
    },
    async (req) => policies.show(req.params.document, req.params.version, req.query.locale),
  );

  r.get(
    '/api/me/policies',
    {
      schema: {
        tags,
        summary:
          'Per document: the version in force, announced versions, what I must accept (summaries in my language)',
        response: { 200: policyStatusSchema },
      },
    },
    async (req) => {
      const { userId } = requireUser(req, 'profile:read');
      return { documents: await policies.status(userId, await policies.readerLocale(userId)) };
    },
  );

  r.get(
    '/api/me/policies/acceptances',
    {
      schema: {
        tags,
        summary: 'Every version I accepted, and when',
        response: { 200: policyAcceptancesSchema },
      },
    },
    async (req) => ({ acceptances: await policies.acceptances(requireUser(req, 'profile:read').userId) }),
  );

  r.post(
    '/api/me/policies/acceptances',
    {
      schema: {
        tags,
        summary: 'Accept a version (the one in force, or one announced for later)',
        body: policyAcceptBody,
        response: { 200: policyStatusSchema },
      },
    },
    async (req) => {
      // Agreeing to a contract is the user's own act, in person: no token scope can do it.
      const auth = requireSession(req);
      const locale = await policies.readerLocale(auth.userId);
      return { documents: await policies.accept(auth.userId, req.body, 'web', locale) };
    },
  );
}
