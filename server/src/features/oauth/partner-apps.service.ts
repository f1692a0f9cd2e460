import {
  type PartnerAppInput,
  type PartnerAppPatch,
  partnerAppInputSchema,
  partnerAppPatchSchema,
} from '@vitalbase/core';
import type { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { Conflict, Invalid, NotFound } from '../../lib/errors';
import { hashToken, randomToken } from '../../lib/tokens';
import { createPartnerAppsRepo, type PartnerAppRow } from './partner-apps.repo';
import { removePartnerApp } from './app-removal';

export interface RegisteredApp {
  app: PartnerAppRow;
  /** Shown once (confidential clients); only its hash is kept. */
  clientSecret: string | null;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Invalid(`${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return parsed.data;
}

const publicNeedsPkce = () =>
  new Invalid('pkceRequired: a public app has no secret and must use PKCE', {
    issues: [{ path: ['pkceRequired'], message: 'a public app must use PKCE' }],
  });

/**
 * Partner apps (OAuth clients): registered by the operator (CLI, no owner) or by a user on the
 * developer page, who then manages them. Another user's app answers 404 like a missing one.
 */
export function createPartnerAppsService(ctx: Pick<AppContext, 'database' | 'now'>) {
  const repo = createPartnerAppsRepo(ctx.database.db);

  async function owned(ownerUserId: string, clientId: string): Promise<PartnerAppRow> {
    const app = await repo.findOwned(ownerUserId, clientId);
    if (!app) throw new NotFound('App');
    return app;
  }

  return {
    /** Registers an app; answers it and its client secret (null for a public client). */
    async register(input: PartnerAppInput & { ownerUserId?: string | null }): Promise<RegisteredApp> {
      const { ownerUserId, ...fields } = input;
      const valid = parse(partnerAppInputSchema, fields);
      const isPublic = valid.public ?? false;
      if (isPublic && valid.pkceRequired === false) throw publicNeedsPkce();
      const clientSecret = isPublic ? null : randomToken();
      const now = ctx.now();
      const app = await repo.insert({
        clientId: randomToken(18),
        ownerUserId: ownerUserId ?? null,
        name: valid.name,
        logoUri: valid.logoUri ?? null,
        redirectUris: valid.redirectUris,
        scopes: valid.scopes,
        isPublic,
        // On by default for a public client (it must), off for a confidential one (Withings clients).
        pkceRequired: isPublic || (valid.pkceRequired ?? false),
        clientSecretHash: clientSecret ? hashToken(clientSecret) : null,
        secretRotatedAt: clientSecret ? now : null,
        createdAt: now,
        updatedAt: now,
      });
      return { app, clientSecret };
    },

    listOwned: (ownerUserId: string) => repo.listOwned(ownerUserId),
    getOwned: owned,

    async update(ownerUserId: string, clientId: string, patch: PartnerAppPatch): Promise<PartnerAppRow> {
      const app = await owned(ownerUserId, clientId);
      const valid = parse(partnerAppPatchSchema, patch);
      if (app.isPublic && valid.pkceRequired === false) throw publicNeedsPkce();
      const updated = await repo.update(clientId, { ...valid, updatedAt: ctx.now() });
      if (!updated) throw new NotFound('App');
      return updated;
    },

    /**
     * Deletes an app: oidc-provider no longer knows the client, its grants and tokens are deleted, the
     * users connected to it are disconnected, and its webhook settings go with it (app-removal.ts).
     */
    async remove(ownerUserId: string, clientId: string): Promise<void> {
      await owned(ownerUserId, clientId);
      await ctx.database.db.transaction((tx) => removePartnerApp(tx, clientId, ctx.now()));
    },

    /** A new client secret (shown once); the old one stops working at once. */
    async rotateSecret(ownerUserId: string, clientId: string): Promise<string> {
      const app = await owned(ownerUserId, clientId);
      if (app.isPublic) throw new Conflict('A public app has no client secret.', 'public_client');
      const clientSecret = randomToken();
      const now = ctx.now();
      await repo.update(clientId, {
        clientSecretHash: hashToken(clientSecret),
        secretRotatedAt: now,
        updatedAt: now,
      });
      return clientSecret;
    },
  };
}
