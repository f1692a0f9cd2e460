import {
  adminPartnerAppSchema,
  partnerAppDisableBody,
  partnerAppInputSchema,
  policyDocumentSchema,
  policyPublishInput,
  policyVersionSummarySchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import {
  deletePartnerAppAsOperator,
  disablePartnerAppAsOperator,
  enablePartnerAppAsOperator,
  listPartnerAppsAsOperator,
  registerPartnerAppAsOperator,
} from '../oauth';
import { listPoliciesAsOperator, publishPolicyAsOperator } from '../policies';
import { createOperatorGate } from './operator-gate';
import { recordStaffAction } from './staff-actions';

type PartnerAppRow = Awaited<ReturnType<typeof listPartnerAppsAsOperator>>[number];

/** An app as the console lists it: its owner (a developer's account) is not named, only whether it is the operator's. */
const toAdminApp = (a: PartnerAppRow) => ({
  clientId: a.clientId,
  name: a.name,
  public: a.isPublic,
  scopes: a.scopes,
  redirectUris: a.redirectUris,
  byOperator: a.ownerUserId === null,
  createdAt: a.createdAt.toISOString(),
  disabled: a.disabledAt ? { at: a.disabledAt.toISOString(), reason: a.disabledReason ?? '' } : null,
});

/**
 * The service's catalogs in the console (issue #16): policy versions (privacy officer) and partner
 * apps (operator admin), through the CLI's services; each change in the staff member's audit trail.
 */
export async function registerAdminCatalogRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createOperatorGate(ctx);
  const tags = ['admin'];
  const clientParams = z.object({ clientId: z.string().min(1).max(200) });

  r.get(
    '/api/admin/policies',
    {
      schema: {
        tags,
        summary: 'Every version of the privacy policy and the terms, and the one in force (privacy officer)',
        response: {
          200: z.object({
            documents: z.array(
              z.object({
                document: policyDocumentSchema,
                inForce: z.string().nullable(),
                versions: z.array(policyVersionSummarySchema),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      await gate.require(req, 'privacy_officer');
      return { documents: await listPoliciesAsOperator(ctx.database, ctx.now()) };
    },
  );

  r.post(
    '/api/admin/policies',
    {
      schema: {
        tags,
        summary: 'Publish a policy version (a major one at least 30 days ahead; privacy officer; audited)',
        body: policyPublishInput,
        response: { 201: policyVersionSummarySchema },
      },
    },
    async (req, reply) => {
      const actor = await gate.require(req, 'privacy_officer');
      const published = await publishPolicyAsOperator(ctx.database, req.body, ctx.now());
      await recordStaffAction(ctx, req, actor, 'staff_policy_published', {
        document: published.document,
        version: published.version,
        major: published.major,
      });
      return reply.code(201).send(published);
    },
  );

  r.get(
    '/api/admin/partner-apps',
    {
      schema: {
        tags,
        summary: 'The partner apps (OAuth2 clients) of this server (operator admin)',
        response: { 200: z.object({ apps: z.array(adminPartnerAppSchema) }) },
      },
    },
    async (req) => {
      await gate.require(req, 'operator_admin');
      const rows = await listPartnerAppsAsOperator(ctx);
      return { apps: rows.map(toAdminApp) };
    },
  );

  r.post(
    '/api/admin/partner-apps',
    {
      schema: {
        tags,
        summary: 'Register a partner app the operator vouches for; its secret is shown this once (audited)',
        body: partnerAppInputSchema,
        response: { 201: adminPartnerAppSchema.extend({ clientSecret: z.string().nullable() }) },
      },
    },
    async (req, reply) => {
      const actor = await gate.require(req, 'operator_admin');
      const { app: created, clientSecret } = await registerPartnerAppAsOperator(ctx, req.body);
      await recordStaffAction(ctx, req, actor, 'staff_partner_app_registered', {
        clientId: created.clientId,
      });
      return reply.code(201).send({ ...toAdminApp(created), clientSecret });
    },
  );

  r.delete(
    '/api/admin/partner-apps/:clientId',
    {
      schema: {
        tags,
        summary: 'Remove a partner app: its tokens end, its users are disconnected (operator admin; audited)',
        params: clientParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const actor = await gate.require(req, 'operator_admin');
      await deletePartnerAppAsOperator(ctx, req.params.clientId);
      await recordStaffAction(ctx, req, actor, 'staff_partner_app_removed', {
        clientId: req.params.clientId,
      });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/admin/partner-apps/:clientId/disable',
    {
      schema: {
        tags,
        summary:
          'Disable a partner app, with a reason: its tokens and sign-ins are refused, its webhooks wait; its connections and history are kept (operator admin; audited)',
        params: clientParams,
        body: partnerAppDisableBody,
        response: { 200: adminPartnerAppSchema },
      },
    },
    async (req) => {
      const actor = await gate.require(req, 'operator_admin');
      const app = await disablePartnerAppAsOperator(ctx, req.params.clientId, req.body.reason);
      await recordStaffAction(ctx, req, actor, 'staff_partner_app_disabled', {
        clientId: app.clientId,
        reason: req.body.reason,
      });
      return toAdminApp(app);
    },
  );

  r.post(
    '/api/admin/partner-apps/:clientId/enable',
    {
      schema: {
        tags,
        summary:
          'Enable a disabled partner app again: everything it had works again (operator admin; audited)',
        params: clientParams,
        response: { 200: adminPartnerAppSchema },
      },
    },
    async (req) => {
      const actor = await gate.require(req, 'operator_admin');
      const app = await enablePartnerAppAsOperator(ctx, req.params.clientId);
      await recordStaffAction(ctx, req, actor, 'staff_partner_app_enabled', { clientId: app.clientId });
      return toAdminApp(app);
    },
  );
}
