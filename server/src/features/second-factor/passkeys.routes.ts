import { passkeyAddedSchema, passkeySchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { requestMeta } from '../../lib/request-meta';
import { createSessionsRepo } from '../accounts';
import { labelSchema } from './input';
import type { PasskeysService } from './passkeys.service';
import { perAccountRateLimit } from './rate-limits';
import type { PasskeyRow } from './second-factor.repo';
import { recordSecurityChange } from './security-change';
import { requireSessionMayAddFactor } from './session-factor';
import { type StepUpInput, stepUpBody, stepUpOf } from './step-up';
import {
  asOptionsJson,
  asRegistrationResponse,
  registrationResponseSchema,
  webauthnOptionsSchema,
} from './webauthn-input';

function present(row: PasskeyRow) {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** The account's passkeys: register (options, then the browser's answer), list, remove. */
export function registerPasskeyRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  passkeys: PasskeysService,
  stepUp: (userId: string, input: StepUpInput) => Promise<void>,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['second factor'];

  r.get(
    '/api/me/passkeys',
    { schema: { tags, summary: 'Your passkeys', response: { 200: z.array(passkeySchema) } } },
    async (req) => {
      const { userId } = requireSession(req);
      return (await passkeys.list(userId)).map(present);
    },
  );

  r.post(
    '/api/me/passkeys/options',
    {
      schema: {
        tags,
        summary: 'WebAuthn registration options for a new passkey',
        response: { 200: webauthnOptionsSchema },
      },
      config: perAccountRateLimit(30, '15 minutes'),
    },
    async (req) => {
      const auth = requireSession(req);
      await requireSessionMayAddFactor(ctx.database.db, auth);
      return asOptionsJson(await passkeys.registrationOptions(auth.userId));
    },
  );

  r.post(
    '/api/me/passkeys',
    {
      schema: {
        tags,
        summary:
          "Register a passkey from the browser's answer to the registration options; the account's first second factor comes with recovery codes",
        body: z.strictObject({ name: labelSchema, response: registrationResponseSchema }),
        response: { 201: passkeyAddedSchema },
      },
      config: perAccountRateLimit(30, '15 minutes'),
    },
    async (req, reply) => {
      const auth = requireSession(req);
      const { userId } = auth;
      await requireSessionMayAddFactor(ctx.database.db, auth);
      const { key, recoveryCodes } = await passkeys.register(
        userId,
        req.body.name,
        asRegistrationResponse(req.body.response),
      );
      // The new passkey answered its challenge in this session: the factor is proven here.
      await createSessionsRepo(ctx.database.db).markSecondFactor(userId, auth.sessionId, ctx.now());
      await recordSecurityChange(ctx, requestMeta(req), {
        userId,
        action: 'passkey_added',
        details: { passkeyId: key.id, name: key.name },
        alert: {
          subject: 'a passkey was added',
          what: `A passkey named "${key.name}" was added to your account; it can now be used to finish signing in.${recoveryCodes ? ' Recovery codes were issued with it.' : ''}`,
        },
      });
      return reply.status(201).send(recoveryCodes ? { ...present(key), recoveryCodes } : present(key));
    },
  );

  r.delete(
    '/api/me/passkeys/:id',
    {
      schema: {
        tags,
        summary:
          'Remove a passkey (password and a second factor, or a passkey that verified you: this one too)',
        params: z.object({ id: z.uuid() }),
        body: stepUpBody,
        response: { 204: z.null() },
      },
      config: perAccountRateLimit(20, '15 minutes'),
    },
    async (req, reply) => {
      const { userId } = requireSession(req);
      // Another account's passkey is 404 before any proof is asked (its existence is not revealed).
      if (!(await passkeys.list(userId)).some((p) => p.id === req.params.id)) throw new NotFound('Passkey');
      await stepUp(userId, stepUpOf(req.body));
      const gone = await passkeys.remove(userId, req.params.id);
      await recordSecurityChange(ctx, requestMeta(req), {
        userId,
        action: 'passkey_removed',
        details: { passkeyId: gone.id, name: gone.name },
        alert: {
          subject: 'a passkey was removed',
          what: `The passkey named "${gone.name}" was removed from your account.`,
        },
      });
      return reply.status(204).send(null);
    },
  );
}
