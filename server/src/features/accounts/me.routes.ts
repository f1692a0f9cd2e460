import {
  emailField,
  meSchema,
  PASSWORD_MAX_LENGTH,
  passwordField,
  profilePatchBody,
  securityEventSchema,
  sessionSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession, requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { requestMeta } from '../../lib/request-meta';
import { createEmailChangeService } from './email-change.service';
import { createPasswordService } from './password.service';
import { createProfileService } from './profile.service';
import { createSessionsService } from './sessions.service';

/** A public session id: sha256 of the cookie's secret, base64url. */
const sessionIdParam = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a session id');
const currentPasswordField = z.string().min(1).max(PASSWORD_MAX_LENGTH);

/** The signed-in user's own account: profile, password, email, sessions, security events. */
export async function registerMeRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const profile = createProfileService(ctx);
  const passwords = createPasswordService(ctx);
  const emailChange = createEmailChangeService(ctx);
  const sessions = createSessionsService(ctx);
  const tags = ['accounts'];

  r.get(
    '/api/me',
    { schema: { tags, summary: 'The signed-in user', response: { 200: meSchema } } },
    async (req) => profile.me(requireUser(req, 'profile:read').userId),
  );

  r.patch(
    '/api/me',
    {
      schema: {
        tags,
        summary: 'Change the display name, language or time zone',
        body: profilePatchBody,
        response: { 200: meSchema },
      },
    },
    async (req) => profile.update(requireSession(req).userId, req.body),
  );

  r.post(
    '/api/me/password',
    {
      schema: {
        tags,
        summary: 'Change the password (asks the current one); ends the other sessions',
        body: z.object({ currentPassword: currentPasswordField, newPassword: passwordField }),
        response: { 200: z.object({ status: z.literal('password_changed') }) },
      },
    },
    async (req) => {
      const auth = requireSession(req);
      await passwords.change(requestMeta(req), auth, req.body.currentPassword, req.body.newPassword);
      return { status: 'password_changed' as const };
    },
  );

  r.post(
    '/api/me/email',
    {
      schema: {
        tags,
        summary: 'Change the email address: a link is mailed to the new one, an alert to the old',
        body: z.object({ currentPassword: currentPasswordField, newEmail: emailField }),
        response: { 202: z.object({ status: z.literal('confirmation_sent') }) },
      },
    },
    async (req, reply) => {
      const auth = requireSession(req);
      await emailChange.request(requestMeta(req), auth.userId, req.body.currentPassword, req.body.newEmail);
      return reply.status(202).send({ status: 'confirmation_sent' });
    },
  );

  r.get(
    '/api/me/sessions',
    {
      schema: {
        tags,
        summary: 'The sessions signed in to this account',
        response: { 200: z.array(sessionSchema) },
      },
    },
    async (req) => {
      const auth = requireSession(req);
      return sessions.list(auth.userId, auth.sessionId);
    },
  );

  r.delete(
    '/api/me/sessions/:id',
    {
      schema: {
        tags,
        summary: 'End one session (404 for any session not of this account)',
        params: z.object({ id: sessionIdParam }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const auth = requireSession(req);
      await sessions.revoke(requestMeta(req), auth.userId, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/me/security-events',
    {
      schema: {
        tags,
        summary: "The account's own security events, newest first",
        querystring: z.object({
          /** The id of the last event of the previous page. */
          after: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(100).default(50),
        }),
        response: { 200: z.array(securityEventSchema) },
      },
    },
    async (req) => {
      const auth = requireSession(req);
      return profile.securityEvents(auth.userId, {
        limit: req.query.limit,
        afterId: req.query.after,
      });
    },
  );
}
