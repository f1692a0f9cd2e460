import { policyAcceptBody, policyDocumentSchema, policyVersionSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession, requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { createPoliciesService } from './policies.service';
import { registerPolicyGate } from './policy-gate';

const versionSummary = z.object({
  document: policyDocumentSchema,
  version: z.string(),
  effectiveDate: z.string(),
  publishedAt: z.string(),
  major: z.boolean(),
  summary: z.string(),
});

const versionDetail = versionSummary.extend({
  inForce: z.boolean(),
  markdown: z.string(),
  html: z.string(),
  previousVersion: z.string().nullable(),
  diff: z.array(z.object({ change: z.enum(['added', 'removed', 'same']), text: z.string() })).nullable(),
});

const documentStatus = z.object({
  document: policyDocumentSchema,
  inForce: versionSummary.nullable(),
  upcoming: z.array(versionSummary.extend({ accepted: z.boolean() })),
  acceptanceRequired: versionSummary.nullable(),
  lastAccepted: z.object({ version: z.string(), acceptedAt: z.string() }).nullable(),
});

const statusBody = z.object({ documents: z.array(documentStatus) });

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
        response: {
          200: z.object({
            documents: z.array(
              z.object({
                document: policyDocumentSchema,
                inForce: z.string().nullable(),
                versions: z.array(versionSummary),
              }),
            ),
          }),
        },
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
        response: { 200: versionDetail },
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
        response: { 200: statusBody },
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
        response: {
          200: z.object({
            acceptances: z.array(
              z.object({
                document: policyDocumentSchema,
                version: z.string(),
                acceptedAt: z.string(),
                method: z.enum(['web', 'api']),
              }),
            ),
          }),
        },
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
        response: { 200: statusBody },
      },
    },
    async (req) => {
      // Agreeing to a contract is the user's own act, in person: no token scope can do it.
      const auth = requireSession(req);
      return { documents: await policies.accept(auth.userId, req.body, 'web') };
    },
  );
}
