import { type AccountPreferences, accountPreferencesSchema, accountUnitsSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { createPreferencesRepo, type PreferencesRow } from './preferences.repo';

function present(row: PreferencesRow | undefined): AccountPreferences {
  return {
    units: accountUnitsSchema.catch({}).parse(row?.units ?? {}),
    secondFactorNudgeDismissedAt: row?.secondFactorNudgeDismissedAt?.toISOString() ?? null,
  };
}

/**
 * The account's preferences (units, dismissed notices): settings of the person, not of one browser, so
 * every browser they sign in from shows the same. A browser session only: they are the web app's.
 */
export async function registerPreferencesRoutes(app: FastifyInstance, ctx: AppContext) {
  const repo = createPreferencesRepo(ctx.database.db);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];
  const response = { 200: accountPreferencesSchema };

  r.get(
    '/api/me/preferences',
    { schema: { tags, summary: 'My display units and dismissed notices', response } },
    async (req) => present(await repo.find(requireSession(req).userId)),
  );

  r.put(
    '/api/me/preferences/units',
    {
      schema: {
        tags,
        summary:
          'Save my display units (mass kg|lb|st, height cm|ft_in, distance km|mi, temperature °C|°F; a quantity left out follows the language)',
        body: accountUnitsSchema,
        response,
      },
    },
    async (req) => present(await repo.save(requireSession(req).userId, { units: req.body }, ctx.now())),
  );

  r.put(
    '/api/me/preferences/second-factor-nudge',
    {
      schema: {
        tags,
        summary: 'Dismiss (or bring back) the banner that recommends a second factor',
        body: z.strictObject({ dismissed: z.boolean() }),
        response,
      },
    },
    async (req) => {
      const now = ctx.now();
      const changes = { secondFactorNudgeDismissedAt: req.body.dismissed ? now : null };
      return present(await repo.save(requireSession(req).userId, changes, now));
    },
  );
}
