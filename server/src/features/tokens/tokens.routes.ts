import { accessTokenSchema, createdAccessTokenSchema, tokenScopeSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { requestMeta } from '../../lib/request-meta';
import { labelSchema, perAccountRateLimit, recordSecurityChange } from '../second-factor';
import { createTokensRepo, type TokenRow } from './tokens.repo';
import { createTokensService } from './tokens.service';

const createTokenBody = z.strictObject({
  name: labelSchema,
  scopes: z.array(tokenScopeSchema).min(1).max(20),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

function present(row: TokenRow) {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

/**
 * Personal access tokens for the CLI and scripts. Managing them takes a browser session: a token can
 * never mint, list or revoke tokens (a stolen one could otherwise outlive its own revocation).
 */
export async function registerTokens(app: FastifyInstance, ctx: AppContext) {
  const service = createTokensService({ tokens: createTokensRepo(ctx.database.db), now: ctx.now });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tokens'];

  r.get(
    '/api/me/tokens',
    {
      schema: { tags, summary: 'Your personal access tokens', response: { 200: z.array(accessTokenSchema) } },
    },
    async (req) => {
      const { userId } = requireSession(req);
      return (await service.list(userId)).map(present);
    },
  );

  r.post(
    '/api/me/tokens',
    {
      schema: {
        tags,
        summary: 'Create a personal access token (the token is shown once)',
        body: createTokenBody,
        response: { 201: createdAccessTokenSchema },
      },
      config: perAccountRateLimit(20, '1 hour'),
    },
    async (req, reply) => {
      const { userId } = requireSession(req);
      const { row, token } = await service.create(userId, req.body);
      await recordSecurityChange(ctx, requestMeta(req), {
        userId,
        action: 'token_created',
        details: { tokenId: row.id, name: row.name, scopes: row.scopes },
        alert: {
          subject: 'a personal access token was created',
          what: `A personal access token named "${row.name}" was created for your account, with access to: ${row.scopes.join(', ')}.`,
        },
      });
      return reply.status(201).send({ ...present(row), token });
    },
  );

  r.delete(
    '/api/me/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke a personal access token',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const { userId } = requireSession(req);
      const gone = await service.revoke(userId, req.params.id);
      await recordSecurityChange(ctx, requestMeta(req), {
        userId,
        action: 'token_revoked',
        details: { tokenId: gone.id, name: gone.name },
      });
      return reply.status(204).send(null);
    },
  );
}
