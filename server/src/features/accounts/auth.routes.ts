import {
  checkPasswordStrength,
  emailField,
  loginAnswerSchema,
  PASSWORD_MAX_LENGTH,
  passwordField,
  signInLinkAnswerSchema,
  signUpBody,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { requestMeta } from '../../lib/request-meta';
import { SESSION_COOKIE, setSessionCookie } from './auth.hook';
import { createEmailChangeService } from './email-change.service';
import { createSignInService } from './login.service';
import { createLoginThrottle, createSqlFailureCounter } from './login-throttle';
import { createPasswordService } from './password.service';
import { rateLimited } from './rate-limits';
import { createSessionsService } from './sessions.service';
import { createSignUpService } from './signup.service';

/** A link token `<userId>.<secret>` as pasted from a mail; its shape is checked by the service (404). */
export const linkTokenField = z.string().min(1).max(200);
const status = <T extends string>(value: T) => z.object({ status: z.literal(value) });

/** Sign-up, email verification, sign-in and out, password reset: the routes a signed-out browser uses. */
export async function registerAuthRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const signUp = createSignUpService(ctx);
  // Failed sign-ins are counted in this process's memory (one server) until they move to the database.
  const throttle = createLoginThrottle(createSqlFailureCounter(ctx.database.raw));
  const signIn = createSignInService(ctx, throttle);
  const passwords = createPasswordService(ctx, throttle);
  const emailChange = createEmailChangeService(ctx);
  const sessions = createSessionsService(ctx);
  const tags = ['accounts'];

  r.post(
    '/api/auth/signup',
    {
      schema: {
        security: [],
        tags,
        summary: 'Create an account; a confirmation link is mailed',
        body: signUpBody,
        response: { 202: status('verification_sent') },
      },
      preHandler: rateLimited(app, 'signUp'),
    },
    async (req, reply) => {
      await signUp.signUp(requestMeta(req), req.body);
      return reply.status(202).send({ status: 'verification_sent' });
    },
  );

  r.post(
    '/api/auth/verify-email',
    {
      schema: {
        security: [],
        tags,
        summary: 'Confirm the email address with the mailed link',
        body: z.object({ token: linkTokenField }),
        response: { 200: status('verified') },
      },
      preHandler: rateLimited(app, 'redeemLink'),
    },
    async (req) => {
      await signUp.verifyEmail(requestMeta(req), req.body.token);
      return { status: 'verified' as const };
    },
  );

  r.post(
    '/api/auth/resend-verification',
    {
      schema: {
        security: [],
        tags,
        summary: 'Mail a new confirmation link (same answer for any email)',
        body: z.object({ email: emailField }),
        response: { 202: status('verification_sent') },
      },
      preHandler: rateLimited(app, 'resendVerification'),
    },
    async (req, reply) => {
      await signUp.resendVerification(requestMeta(req), req.body.email);
      return reply.status(202).send({ status: 'verification_sent' });
    },
  );

  r.post(
    '/api/auth/login',
    {
      schema: {
        security: [],
        tags,
        summary: 'Sign in with email and password',
        body: z.object({ email: emailField, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) }),
        response: {
          200: loginAnswerSchema,
        },
      },
      preHandler: rateLimited(app, 'signIn'),
    },
    async (req, reply) => {
      const { cookie, ...answer } = await signIn.signIn(requestMeta(req), req.body.email, req.body.password);
      if (cookie) setSessionCookie(ctx, reply, cookie);
      return answer;
    },
  );

  r.post(
    '/api/auth/sign-in-link',
    {
      schema: {
        security: [],
        tags,
        summary: 'Finish a sign-in with the mailed link (after many failed attempts on the account)',
        body: z.object({ token: linkTokenField }),
        response: {
          200: signInLinkAnswerSchema,
        },
      },
      preHandler: rateLimited(app, 'redeemLink'),
    },
    async (req, reply) => {
      const { cookie, ...answer } = await signIn.redeemSignInLink(requestMeta(req), req.body.token);
      if (cookie) setSessionCookie(ctx, reply, cookie);
      return answer;
    },
  );

  r.post(
    '/api/auth/logout',
    {
      schema: {
        // The session's cookie when there is one; without, the answer is the same (signed out).
        security: [{ session: [] }, {}],
        tags,
        summary: 'Sign out of this session',
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      if (req.auth?.via === 'session')
        await sessions.signOut(requestMeta(req), req.auth.userId, req.auth.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/auth/logout-all',
    {
      schema: { tags, summary: 'Sign out of every session, this one included', response: { 204: z.null() } },
    },
    async (req, reply) => {
      const auth = requireSession(req);
      await sessions.signOutAll(requestMeta(req), auth.userId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/auth/forgot-password',
    {
      schema: {
        security: [],
        tags,
        summary: 'Mail a 1-hour password reset link (same answer for any email)',
        body: z.object({ email: emailField }),
        response: { 202: status('reset_link_sent') },
      },
      preHandler: rateLimited(app, 'forgotPassword'),
    },
    async (req, reply) => {
      await passwords.forgot(requestMeta(req), req.body.email);
      return reply.status(202).send({ status: 'reset_link_sent' });
    },
  );

  r.post(
    '/api/auth/reset-password',
    {
      schema: {
        security: [],
        tags,
        summary: 'Set a new password with the mailed link; ends every session',
        body: z.object({ token: linkTokenField, password: passwordField }),
        response: { 200: status('password_reset') },
      },
      preHandler: rateLimited(app, 'resetPassword'),
    },
    async (req, reply) => {
      await passwords.reset(requestMeta(req), req.body.token, req.body.password);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { status: 'password_reset' as const };
    },
  );

  r.post(
    '/api/auth/confirm-email-change',
    {
      schema: {
        security: [],
        tags,
        summary: 'Confirm a new email address with the mailed link',
        body: z.object({ token: linkTokenField }),
        response: { 200: status('email_changed') },
      },
      preHandler: rateLimited(app, 'redeemLink'),
    },
    async (req) => {
      await emailChange.confirm(requestMeta(req), req.body.token);
      return { status: 'email_changed' as const };
    },
  );

  r.post(
    '/api/password-strength',
    {
      schema: {
        security: [],
        tags,
        summary: 'How strong a password is, by the rule sign-up enforces',
        body: z.object({
          password: z.string().max(1000),
          userInputs: z.array(z.string().max(254)).max(10).optional(),
        }),
        response: {
          200: z.object({
            score: z.number().int(),
            ok: z.boolean(),
            problems: z.array(z.string()),
            feedback: z.object({ warning: z.string().nullable(), suggestions: z.array(z.string()) }),
          }),
        },
      },
      preHandler: rateLimited(app, 'passwordStrength'),
    },
    async (req) => checkPasswordStrength(req.body.password, req.body.userInputs ?? []),
  );
}
