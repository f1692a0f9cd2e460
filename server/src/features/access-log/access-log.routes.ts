import { accessLogPageSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cursorField, decodeCursor, encodeCursor } from '../../db/cursor';
import { requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { createAccessLogRepo } from './access-log.repo';
import { resolveActors } from './actor-names';

/** (at, id) of the last entry of the previous page. */
const accessLogCursor = z.strictObject({ t: cursorField.instant, id: cursorField.uuid });

/** Who accessed my data (P26): the user's own view of the access log written by accessUserData. */
export async function registerAccessLog(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = createAccessLogRepo(ctx.database.db);

  r.get(
    '/api/me/access-log',
    {
      schema: {
        tags: ['privacy'],
        summary: 'Who read my data (anyone but me): who, what, when, why — newest first',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          before: z.string().max(200).optional(),
        }),
        response: { 200: accessLogPageSchema },
      },
    },
    async (req) => {
      const { userId } = requireUser(req, 'profile:read');
      const c = decodeCursor(req.query.before, accessLogCursor);
      const before = c && { at: c.t, id: c.id };
      const rows = await repo.list(userId, { limit: req.query.limit + 1, before });
      const page = rows.slice(0, req.query.limit);
      const last = page[page.length - 1];
      const actors = await resolveActors(ctx.database.db, page);
      return {
        entries: page.map((row, i) => ({
          id: row.id,
          at: row.at.toISOString(),
          actor: actors[i] ?? { type: row.actorType, id: row.actorId, name: row.actorName },
          purpose: row.purpose,
          what: row.what,
          legalBasis: row.legalBasis,
        })),
        next: rows.length > req.query.limit && last ? encodeCursor({ t: last.cursorAt, id: last.id }) : null,
      };
    },
  );
}
