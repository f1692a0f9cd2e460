import {
  COOKIE_CHOICE_COOKIE,
  consentChangeBody,
  consentHistoryEntrySchema,
  consentPurposeSchema,
  consentStateSchema,
  consentsAnswerSchema,
  cookiePreferencesSchema,
  encodeCookieChoice,
  privacyInfoSchema,
  storedCookiePreferencesSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession, requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { createConsentsService } from './consents.service';
import { createGuardianService } from './guardian.service';
import { registerGuardianRoutes } from './guardian.routes';

const ONE_YEAR_S = 365 * 24 * 3600;

/** The privacy center's consents, cookie preferences and public privacy facts (issue 5, P12–P15, P25). */
export async function registerConsents(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const consents = createConsentsService(ctx);
  const guardian = createGuardianService(ctx);
  const tags = ['privacy'];
  await registerGuardianRoutes(app, ctx);

  r.get(
    '/api/privacy/info',
    {
      schema: {
        security: [],
        tags,
        summary: 'Where data lives, the policy version in force and the operator contact',
        response: { 200: privacyInfoSchema },
      },
    },
    async () => ({
      dataRegion: ctx.config.dataRegion,
      policyVersion: await consents.policyVersion(),
      operatorContact: ctx.config.privacyContact ?? null,
    }),
  );

  r.get(
    '/api/me/consents',
    {
      schema: {
        tags,
        summary: 'The current choice for every consent purpose (off unless given)',
        response: { 200: consentsAnswerSchema },
      },
    },
    async (req) => ({
      policyVersion: await consents.policyVersion(),
      consents: await consents.list(requireUser(req, 'profile:read').userId),
    }),
  );

  r.put(
    '/api/me/consents/:purpose',
    {
      schema: {
        tags,
        summary: 'Give or withdraw one consent (naming the wording version shown)',
        params: z.object({ purpose: consentPurposeSchema }),
        body: consentChangeBody,
        response: { 200: consentStateSchema },
      },
    },
    async (req) => {
      // Only the user, in person: no token scope can change a consent.
      const auth = requireSession(req);
      await guardian.assertChildMayChange(auth.userId, req.body.granted);
      return consents.change(auth.userId, req.params.purpose, req.body, 'web');
    },
  );

  r.get(
    '/api/me/consents/history',
    {
      schema: {
        tags,
        summary: 'Every consent given or withdrawn, newest first',
        response: { 200: z.object({ history: z.array(consentHistoryEntrySchema) }) },
      },
    },
    async (req) => ({ history: await consents.history(requireUser(req, 'profile:read').userId) }),
  );

  r.get(
    '/api/me/cookie-preferences',
    {
      schema: {
        tags,
        summary: "The signed-in user's cookie choice (null: not chosen yet)",
        response: { 200: z.object({ preferences: storedCookiePreferencesSchema.nullable() }) },
      },
    },
    async (req) => ({ preferences: await consents.cookiePreferences(requireSession(req).userId) }),
  );

  r.put(
    '/api/me/cookie-preferences',
    {
      schema: {
        tags,
        summary: 'Keep the cookie choice for this user (and in this browser)',
        body: cookiePreferencesSchema,
        response: { 200: z.object({ preferences: storedCookiePreferencesSchema }) },
      },
    },
    async (req, reply) => {
      const saved = await consents.saveCookiePreferences(requireSession(req).userId, req.body);
      // The essential cookie that remembers the choice in this browser too (read by the web app).
      reply.setCookie(COOKIE_CHOICE_COOKIE, encodeCookieChoice(req.body), {
        path: '/',
        sameSite: 'lax',
        secure: ctx.config.secureCookies,
        maxAge: ONE_YEAR_S,
      });
      return { preferences: saved };
    },
  );
}
