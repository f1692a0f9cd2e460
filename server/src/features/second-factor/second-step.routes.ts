import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { requestMeta } from '../../lib/request-meta';
import { setSessionCookie } from '../accounts';
import { totpCodeSchema } from './input';
import { requirePendingSignIn } from './pending-sign-in';
import { perAccountRateLimit, sharedAccountBudget } from './rate-limits';
import { LOCKED_OUT_CODE, type PendingSignIn, type SecondStepService } from './second-step.service';
import { recordSecurityChange } from './security-change';
import {
  asAuthenticationResponse,
  asOptionsJson,
  authenticationResponseSchema,
  webauthnOptionsSchema,
} from './webauthn-input';

const signedIn = z.object({ status: z.literal('signed_in') });

/**
 * POST /api/auth/second-factor/*: the caller's session accepted the password (stage 'second_factor')
 * and proves its second factor here. A success replaces that session by a new full one (new cookie);
 * 5 wrong answers end it.
 */
export function registerSecondStepRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  secondStep: SecondStepService,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sign-in'];
  // Beyond the 5 per pending session, one budget of answers per account across the three methods, so
  // someone holding the password cannot guess on by signing in again and again (each lock-out alerts).
  const guesses = sharedAccountBudget(app, 'second-factor-answers', [
    { max: 10, windowMs: 15 * 60 * 1000 },
    { max: 50, windowMs: 24 * 3600 * 1000 },
  ]);

  /** Runs one attempt; a success and a lock-out are security events (the lock-out also alerts). */
  async function attempt<T>(req: FastifyRequest, method: string, run: (p: PendingSignIn) => Promise<T>) {
    const pending = requirePendingSignIn(req);
    try {
      const result = await run(pending);
      await recordSecurityChange(ctx, requestMeta(req), {
        userId: pending.userId,
        action: 'second_factor_passed',
        details: { method },
      });
      return result;
    } catch (err) {
      if (err instanceof AppError && err.code === LOCKED_OUT_CODE) {
        await recordSecurityChange(ctx, requestMeta(req), {
          userId: pending.userId,
          action: 'second_factor_locked',
          details: { method },
          alert: {
            subject: 'repeated failed sign-in attempts',
            what: 'Someone gave your password correctly but then failed the second factor several times, so that sign-in was stopped. If this was not you, your password is known to someone else.',
          },
        });
      }
      throw err;
    }
  }

  r.post(
    '/api/auth/second-factor/totp',
    {
      schema: {
        tags,
        summary: 'Finish signing in with a code from the authenticator app',
        body: z.strictObject({ code: totpCodeSchema }),
        response: { 200: signedIn },
      },
      preHandler: guesses,
    },
    async (req, reply) => {
      const session = await attempt(req, 'totp', (p) => secondStep.totp(p, req.body.code));
      setSessionCookie(ctx, reply, session.cookie);
      return { status: 'signed_in' as const };
    },
  );

  r.post(
    '/api/auth/second-factor/recovery-code',
    {
      schema: {
        tags,
        summary: 'Finish signing in with a recovery code (each works once)',
        body: z.strictObject({ code: z.string().min(1).max(64) }),
        response: { 200: signedIn.extend({ remaining: z.number().int() }) },
      },
      preHandler: guesses,
    },
    async (req, reply) => {
      const { session, remaining } = await attempt(req, 'recovery_code', (p) =>
        secondStep.recoveryCode(p, req.body.code),
      );
      setSessionCookie(ctx, reply, session.cookie);
      await recordSecurityChange(ctx, requestMeta(req), {
        userId: req.auth!.userId,
        action: 'recovery_code_used',
        details: { remaining },
        alert: {
          subject: 'a recovery code was used',
          what: `A recovery code was used to sign in to your account. ${remaining} unused codes are left${remaining <= 2 ? ': create a new set in your security settings' : ''}.`,
        },
      });
      return { status: 'signed_in' as const, remaining };
    },
  );

  r.post(
    '/api/auth/second-factor/passkey/options',
    {
      schema: {
        tags,
        summary: 'WebAuthn authentication options for signing in',
        response: { 200: webauthnOptionsSchema },
      },
      config: perAccountRateLimit(30, '15 minutes'),
    },
    async (req) => asOptionsJson(await secondStep.passkeyOptions(requirePendingSignIn(req))),
  );

  r.post(
    '/api/auth/second-factor/passkey',
    {
      schema: {
        tags,
        summary: 'Finish signing in with a passkey',
        body: z.strictObject({ response: authenticationResponseSchema }),
        response: { 200: signedIn },
      },
      preHandler: guesses,
    },
    async (req, reply) => {
      const session = await attempt(req, 'passkey', (p) =>
        secondStep.passkey(p, asAuthenticationResponse(req.body.response)),
      );
      setSessionCookie(ctx, reply, session.cookie);
      return { status: 'signed_in' as const };
    },
  );
}
