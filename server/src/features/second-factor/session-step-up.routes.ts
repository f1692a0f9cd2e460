import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { Conflict, Unauthorized } from '../../lib/errors';
import { requestMeta } from '../../lib/request-meta';
import { createSessionsRepo } from '../accounts';
import { sharedAccountBudget } from './rate-limits';
import { recordSecurityChange } from './security-change';
import {
  proofOf,
  type SecondFactorVerifier,
  verifySecondFactor,
  WrongCode,
  wrongAnswer,
} from './verify-second-factor';
import { secondFactorProofFields } from './webauthn-input';

const body = z.strictObject(secondFactorProofFields).refine((b) => Boolean(b.code || b.passkey), {
  path: ['code'],
  message: 'Give a code from your authenticator app, a recovery code, or use your passkey.',
});

/**
 * POST /api/me/second-factor/session: a signed-in session passes the account's second factor without
 * signing in again (a code, a recovery code, or a passkey's answer to the step-up options), so the
 * staff gates that ask for it on the session open (session-factor.ts). Wrong answers spend the
 * account's budget of guesses, as the second step of a sign-in does.
 */
export function registerSessionStepUpRoute(
  app: FastifyInstance,
  ctx: AppContext,
  verifier: SecondFactorVerifier,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const sessions = createSessionsRepo(ctx.database.db);
  const guesses = sharedAccountBudget(app, 'second-factor-session', [
    { max: 10, windowMs: 15 * 60 * 1000 },
    { max: 50, windowMs: 24 * 3600 * 1000 },
  ]);

  r.post(
    '/api/me/second-factor/session',
    {
      schema: {
        tags: ['second factor'],
        summary:
          'Pass your second factor in this session (a code, a recovery code or a passkey): clinic and staff pages ask for it',
        body,
        response: { 200: z.object({ status: z.literal('second_factor_passed') }) },
      },
      preHandler: guesses,
    },
    async (req) => {
      const auth = requireSession(req);
      const proof = proofOf(req.body)!;
      const check = await verifySecondFactor(verifier, auth.userId, proof, 'step_up');
      if (!check.ok) {
        if (check.reason === 'not_set_up')
          throw new Conflict('This account has no authenticator app.', 'totp_not_enabled');
        throw new WrongCode(wrongAnswer(proof.kind, check.reason));
      }
      if (!(await sessions.markSecondFactor(auth.userId, auth.sessionId, ctx.now()))) {
        throw new Unauthorized();
      }
      await recordSecurityChange(ctx, requestMeta(req), {
        userId: auth.userId,
        action: 'second_factor_passed',
        details: { method: proof.kind, inSession: true },
        ...(proof.kind === 'recovery_code'
          ? {
              alert: {
                subject: 'a recovery code was used',
                what: 'A recovery code was used to confirm it is you in a signed-in browser. Each code works once.',
              },
            }
          : {}),
      });
      return { status: 'second_factor_passed' as const };
    },
  );
}
