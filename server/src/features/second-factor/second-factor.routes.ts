import {
  recoveryCodesSchema,
  secondFactorStatusSchema,
  totpConfirmedSchema,
  totpEnrolmentSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession, requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { requestMeta } from '../../lib/request-meta';
import { createSessionsRepo } from '../accounts';
import { createUsersRepo } from '../accounts';
import { requireSessionMayAddFactor } from './session-factor';
import { registerSessionStepUpRoute } from './session-step-up.routes';
import { totpCodeSchema } from './input';
import { createPasskeysService } from './passkeys.service';
import { registerPasskeyRoutes } from './passkeys.routes';
import { perAccountRateLimit } from './rate-limits';
import { createSecondFactorRepo } from './second-factor.repo';
import { createSecondFactorService } from './second-factor.service';
import { registerSecondStepRoutes } from './second-step.routes';
import { createSecondStepService } from './second-step.service';
import { recordSecurityChange } from './security-change';
import { stepUpBody, stepUpOf } from './step-up';
import { asOptionsJson, webauthnOptionsSchema } from './webauthn-input';

/**
 * The second factor: the account's settings (TOTP, recovery codes, passkeys) under /api/me, managed
 * from a browser session only, and the second step of signing in under /api/auth/second-factor.
 */
export async function registerSecondFactor(app: FastifyInstance, ctx: AppContext) {
  const db = ctx.database.db;
  const repo = createSecondFactorRepo(db);
  const users = createUsersRepo(db);
  const passkeys = createPasskeysService({ db, repo, users, publicUrl: ctx.config.publicUrl, now: ctx.now });
  const settings = createSecondFactorService({ db, repo, users, passkeys, now: ctx.now });
  const secondStep = createSecondStepService({
    db,
    repo,
    sessions: createSessionsRepo(db),
    passkeys,
    now: ctx.now,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['second factor'];
  // Each of these checks the current password: a stolen session cannot guess it quickly.
  const passwordChecked = perAccountRateLimit(20, '15 minutes');

  r.get(
    '/api/me/second-factor',
    {
      schema: {
        tags,
        summary: 'Which second factors are on',
        response: { 200: secondFactorStatusSchema },
      },
    },
    async (req) => {
      const { userId } = requireUser(req, 'profile:read');
      return settings.status(userId);
    },
  );

  r.post(
    '/api/me/totp/enroll',
    {
      schema: {
        tags,
        summary:
          'Start setting up an authenticator app (not active until confirmed); asks the password or a passkey',
        body: stepUpBody,
        response: { 200: totpEnrolmentSchema },
      },
      config: passwordChecked,
    },
    async (req) => {
      const auth = requireSession(req);
      await requireSessionMayAddFactor(db, auth);
      return settings.startTotpEnrolment(auth.userId, stepUpOf(req.body));
    },
  );

  r.post(
    '/api/me/totp/confirm',
    {
      schema: {
        tags,
        summary:
          'Confirm the authenticator app with a first code; answers the recovery codes (shown once) when it is the first second factor',
        body: z.strictObject({ code: totpCodeSchema }),
        response: { 200: totpConfirmedSchema },
      },
      config: perAccountRateLimit(20, '15 minutes'),
    },
    async (req) => {
      const { userId, sessionId } = requireSession(req);
      const recoveryCodes = await settings.confirmTotp(userId, req.body.code);
      // The code just proved the factor in this session (session-factor.ts).
      await createSessionsRepo(db).markSecondFactor(userId, sessionId, ctx.now());
      await recordSecurityChange(ctx, requestMeta(req), {
        userId,
        action: 'totp_enabled',
        alert: {
          subject: 'an authenticator app was turned on',
          what: recoveryCodes
            ? 'Signing in to your account now asks for a code from an authenticator app. New recovery codes were issued.'
            : 'Signing in to your account can now use a code from an authenticator app. Your recovery codes are unchanged.',
        },
      });
      return recoveryCodes ? { recoveryCodes } : {};
    },
  );

  r.delete(
    '/api/me/totp',
    {
      schema: {
        tags,
        summary:
          'Turn the authenticator app off (password and a second factor: a current code, a recovery code or a passkey; or a passkey that verified you alone)',
        body: stepUpBody,
        response: { 204: z.null() },
      },
      config: passwordChecked,
    },
    async (req, reply) => {
      const { userId } = requireSession(req);
      await settings.disableTotp(userId, stepUpOf(req.body));
      await recordSecurityChange(ctx, requestMeta(req), {
        userId,
        action: 'totp_disabled',
        alert: {
          subject: 'an authenticator app was turned off',
          what: 'Signing in to your account no longer asks for a code from an authenticator app.',
        },
      });
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/me/recovery-codes',
    {
      schema: {
        tags,
        summary: 'A new set of recovery codes (the old set stops working); asks the password or a passkey',
        body: stepUpBody,
        response: { 200: recoveryCodesSchema },
      },
      config: passwordChecked,
    },
    async (req) => {
      const { userId } = requireSession(req);
      const recoveryCodes = await settings.regenerateRecoveryCodes(userId, stepUpOf(req.body));
      await recordSecurityChange(ctx, requestMeta(req), {
        userId,
        action: 'recovery_codes_regenerated',
        alert: {
          subject: 'new recovery codes were issued',
          what: 'A new set of recovery codes was created for your account; the previous codes no longer work.',
        },
      });
      return { recoveryCodes };
    },
  );

  r.post(
    '/api/me/second-factor/passkey/options',
    {
      schema: {
        tags,
        summary: 'WebAuthn options to prove your passkey again before a security action (step-up)',
        response: { 200: webauthnOptionsSchema },
      },
      config: perAccountRateLimit(30, '15 minutes'),
    },
    async (req) => {
      const { userId } = requireSession(req);
      return asOptionsJson(await passkeys.authenticationOptions(userId, 'step_up'));
    },
  );

  registerPasskeyRoutes(app, ctx, passkeys, settings.stepUp);
  registerSessionStepUpRoute(app, ctx, { repo, passkeys, now: ctx.now });
  registerSecondStepRoutes(app, ctx, secondStep);
}
