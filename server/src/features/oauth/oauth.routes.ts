import {
  approveConsentBodySchema,
  connectedAppsSchema,
  consentRequestSchema,
  createdDeveloperAppSchema,
  developerAppSchema,
  interactionResultSchema,
  partnerAppInputSchema,
  partnerAppPatchSchema,
  rotatedSecretSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { requestMeta } from '../../lib/request-meta';
import { createConnectedAppsService } from './connected-apps.service';
import { createConsentService } from './consent.service';
import { createOidcProvider } from './oidc-provider';
import { mountOidcProvider } from './oidc-mount';
import type { PartnerAppRow } from './partner-apps.repo';
import { createPartnerAppsService } from './partner-apps.service';

/** Ids made of URL-safe characters (oidc-provider's uids, our client ids). */
const idSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, "-" or "_"');
const uidParams = z.strictObject({ uid: idSchema });
const clientParams = z.strictObject({ clientId: idSchema });

function presentApp(app: PartnerAppRow) {
  return {
    clientId: app.clientId,
    name: app.name,
    logoUri: app.logoUri,
    redirectUris: app.redirectUris,
    scopes: app.scopes,
    public: app.isPublic,
    pkceRequired: app.isPublic || app.pkceRequired,
    createdAt: app.createdAt.toISOString(),
    updatedAt: app.updatedAt.toISOString(),
    secretRotatedAt: app.secretRotatedAt?.toISOString() ?? null,
  };
}

/**
 * Partner apps (issue #6): the OAuth 2.0 server (oidc-provider under /oauth, discovery under
 * /.well-known), the consent screen's API, the user's Connected apps, and the developer's own apps.
 */
export async function registerOAuth(app: FastifyInstance, ctx: AppContext) {
  const provider = createOidcProvider(ctx);
  await mountOidcProvider(app, provider, ctx.config);

  const consent = createConsentService(ctx, provider);
  const connected = createConnectedAppsService(ctx);
  const developerApps = createPartnerAppsService(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();

  const consentTags = ['partner apps'];
  r.get(
    '/api/oauth/interaction/:uid',
    {
      schema: {
        tags: consentTags,
        summary: 'An authorization request waiting for your consent (the consent screen)',
        params: uidParams,
        response: { 200: consentRequestSchema },
      },
    },
    async (req, reply) =>
      consent.details(requireSession(req).userId, req.params.uid, { req: req.raw, res: reply.raw }),
  );
  r.post(
    '/api/oauth/interaction/:uid/approve',
    {
      schema: {
        tags: consentTags,
        summary: 'Allow the app the scopes you kept: the browser then goes to redirectTo',
        params: uidParams,
        body: approveConsentBodySchema,
        response: { 200: interactionResultSchema },
      },
    },
    async (req, reply) =>
      consent.approve(
        requestMeta(req),
        requireSession(req),
        req.params.uid,
        { req: req.raw, res: reply.raw },
        req.body?.scopes,
      ),
  );
  r.post(
    '/api/oauth/interaction/:uid/deny',
    {
      schema: {
        tags: consentTags,
        summary: 'Refuse the app: the browser then goes to redirectTo',
        params: uidParams,
        response: { 200: interactionResultSchema },
      },
    },
    async (req, reply) =>
      consent.deny(requireSession(req).userId, req.params.uid, { req: req.raw, res: reply.raw }),
  );

  r.get(
    '/api/connected-apps',
    {
      schema: {
        tags: consentTags,
        summary: 'Apps you connected: what each may read and when it last did',
        response: { 200: connectedAppsSchema },
      },
    },
    async (req) => connected.list(requireSession(req).userId),
  );
  r.delete(
    '/api/connected-apps/:clientId',
    {
      schema: {
        tags: consentTags,
        summary: 'Disconnect an app: its tokens fail and its webhooks stop at once',
        params: clientParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await connected.disconnect(requestMeta(req), requireSession(req).userId, req.params.clientId);
      return reply.status(204).send(null);
    },
  );

  const devTags = ['developer apps'];
  r.get(
    '/api/developer/apps',
    {
      schema: {
        tags: devTags,
        summary: 'Apps you registered',
        response: { 200: z.object({ items: z.array(developerAppSchema) }) },
      },
    },
    async (req) => ({ items: (await developerApps.listOwned(requireSession(req).userId)).map(presentApp) }),
  );
  r.post(
    '/api/developer/apps',
    {
      schema: {
        tags: devTags,
        summary: 'Register an app (its client secret is shown once)',
        body: partnerAppInputSchema,
        response: { 201: createdDeveloperAppSchema },
      },
    },
    async (req, reply) => {
      const { userId } = requireSession(req);
      const { app: created, clientSecret } = await developerApps.register({
        ...req.body,
        ownerUserId: userId,
      });
      return reply.status(201).send({ ...presentApp(created), clientSecret });
    },
  );
  r.get(
    '/api/developer/apps/:clientId',
    {
      schema: {
        tags: devTags,
        summary: 'One of your apps',
        params: clientParams,
        response: { 200: developerAppSchema },
      },
    },
    async (req) => presentApp(await developerApps.getOwned(requireSession(req).userId, req.params.clientId)),
  );
  r.patch(
    '/api/developer/apps/:clientId',
    {
      schema: {
        tags: devTags,
        summary: 'Change one of your apps (name, logo, redirect URIs, scopes)',
        params: clientParams,
        body: partnerAppPatchSchema,
        response: { 200: developerAppSchema },
      },
    },
    async (req) =>
      presentApp(await developerApps.update(requireSession(req).userId, req.params.clientId, req.body)),
  );
  r.delete(
    '/api/developer/apps/:clientId',
    {
      schema: {
        tags: devTags,
        summary: 'Delete one of your apps: its tokens fail at once',
        params: clientParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await developerApps.remove(requireSession(req).userId, req.params.clientId);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/developer/apps/:clientId/secret',
    {
      schema: {
        tags: devTags,
        summary: 'Rotate the client secret (the new one is shown once; the old one stops working)',
        params: clientParams,
        response: { 200: rotatedSecretSchema },
      },
    },
    async (req) => ({
      clientSecret: await developerApps.rotateSecret(requireSession(req).userId, req.params.clientId),
    }),
  );
}
