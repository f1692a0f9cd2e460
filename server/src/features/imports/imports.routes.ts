import {
  importCreateBody,
  importUploadResultSchema,
  importViewSchema,
  MAX_IMPORT_CHUNK_BYTES,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { requestMeta } from '../../lib/request-meta';
import { createImportsService } from './imports.service';

/**
 * Bring your data (issue #18): an import is created, its file sent in chunks (`PUT …/content` with a
 * Content-Range, resumable from `bytesReceived`), then parsed and stored by a job; undo removes what
 * it added. A signed-in browser only: tokens and partner apps do not import.
 */
export async function registerImports(app: FastifyInstance, ctx: AppContext) {
  const imports = createImportsService(ctx);
  await app.register(async (scope) => {
    // The chunk arrives as raw bytes; only this scope reads them (at most one chunk).
    scope.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: MAX_IMPORT_CHUNK_BYTES },
      (_req, body, done) => done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['imports'];
    const params = z.object({ id: z.uuid() });

    r.post(
      '/api/me/imports',
      {
        schema: {
          tags,
          summary: 'Start an import: its format, file name and size (the file follows in chunks)',
          body: importCreateBody,
          response: { 201: importViewSchema },
        },
      },
      async (req, reply) => {
        const { userId } = requireSession(req);
        return reply.code(201).send(await imports.create(requestMeta(req), userId, req.body));
      },
    );

    r.put(
      '/api/me/imports/:id/content',
      {
        schema: {
          tags,
          summary: 'One chunk of the file (application/octet-stream, Content-Range: bytes start-end/total)',
          params,
          // Optional in the schema so that who is asking is checked first (401/403 before 400).
          headers: z.object({ 'content-range': z.string().max(60).optional() }),
          response: { 200: importUploadResultSchema },
        },
      },
      async (req) => {
        const { userId } = requireSession(req);
        return imports.upload(userId, req.params.id, req.headers['content-range'], req.body);
      },
    );

    r.get(
      '/api/me/imports',
      {
        schema: {
          tags,
          summary: 'The imports, newest first',
          response: { 200: z.object({ imports: z.array(importViewSchema) }) },
        },
      },
      async (req) => ({ imports: await imports.list(requireSession(req).userId) }),
    );

    r.get(
      '/api/me/imports/:id',
      {
        schema: {
          tags,
          summary: 'One import: upload, progress and report',
          params,
          response: { 200: importViewSchema },
        },
      },
      async (req) => imports.get(requireSession(req).userId, req.params.id),
    );

    r.post(
      '/api/me/imports/:id/undo',
      {
        schema: {
          tags,
          summary: 'Remove exactly what the import added',
          params,
          response: { 200: importViewSchema },
        },
      },
      async (req) => imports.undo(requestMeta(req), requireSession(req).userId, req.params.id),
    );
  });
}
