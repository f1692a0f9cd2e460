import { exportSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { requestMeta } from '../../lib/request-meta';
import { createExportService } from './export.service';

const idParams = z.strictObject({ id: z.uuid() });

/**
 * "Download my data" (P17, P18): ask for an export (built in the background, mailed when ready),
 * follow it, download it. The signed-in user in a browser, or a personal access token with the
 * `export` scope (the CLI, a script keeping a copy): only that scope opens these routes.
 */
export async function registerExport(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const exports = createExportService(ctx);
  const tags = ['privacy'];

  r.post(
    '/api/privacy/exports',
    {
      schema: {
        tags,
        summary: 'Ask for a copy of all my data (a ZIP built in the background; mailed when ready)',
        body: z.strictObject({}).optional(),
        response: { 202: exportSchema },
      },
    },
    async (req, reply) => {
      const { userId } = requireUser(req, 'export');
      return reply.status(202).send(await exports.request(requestMeta(req), userId));
    },
  );

  r.get(
    '/api/privacy/exports',
    {
      schema: {
        tags,
        summary: 'My exports, newest first, with their status and progress',
        querystring: z.strictObject({}),
        response: { 200: z.object({ items: z.array(exportSchema) }) },
      },
    },
    async (req) => ({ items: await exports.list(requireUser(req, 'export').userId) }),
  );

  r.get(
    '/api/privacy/exports/:id/download',
    {
      schema: {
        tags,
        summary: 'Download a ready export (ZIP); 410 once expired (7 days)',
        params: idParams,
        querystring: z.strictObject({}),
      },
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
    },
    async (req, reply) => {
      const { userId } = requireUser(req, 'export');
      const file = await exports.openDownload(requestMeta(req), userId, req.params.id);
      return reply
        .header('content-type', 'application/zip')
        .header('content-length', String(file.size))
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
}
