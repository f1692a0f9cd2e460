import {
  policyAcceptancesSchema,
  policyAcceptBody,
  policyDocumentSchema,
  policyListSchema,
  policyStatusSchema,
  policyVersionDetailSchema,
  policyVersionSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession, requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { createPoliciesService } from './policies.service';
import { registerPolicyGate } from './policy-gate';

/** Policy versions (issue 5 item 3, P16): public documents, the user's status, acceptance, the gate. */
export async function registerPolicies(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const policies = createPoliciesService(ctx);
  // Version 1 of each document, at first start (and a no-op at every later one).
  await policies.seed();
  registerPolicyGate(app, policies);
  const tags = ['privacy'];

  r.get(
    '/api/policies',
    {
      schema: {
        security: [],
        tags,
        summary: 'Every published version of the privacy policy and the terms (public)',
        response: { 200: policyListSchema },
      },
    },
    async () => ({ documents: await policies.list() }),
  );

  r.get(
    '/api/policies/:document/:version',
    {
      schema: {
        security: [],
        tags,
        summary: 'One version: sanitised HTML, Markdown, and the diff from the previous version (public)',
        params: z.strictObject({ document: policyDocumentSchema, version: policyVersionSchema }),
        response: { 200: policyVersionDetailSchema },
      },
    },
    async (req) => policies.show(req.params.document, req.params.version),
  );

  r.get(
    '/api/me/policies',
    {
      schema: {
        tags,
        summary: 'Per document: the version in force, announced versions, what I must accept',
        response: { 200: policyStatusSchema },
      },
    },
    async (req) => ({ documents: await policies.status(requireUser(req, 'profile:read').userId) }),
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
      return { documents: await policies.accept(auth.userId, req.body, 'web') };
    },
  );
}
