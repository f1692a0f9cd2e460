import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { createBulkExportService } from './bulk-export.service';
import { FHIR_BASE_PATH, fhirCaller, fhirPrincipal, fhirSystemPrincipal } from './fhir-auth';
import { createGroupService } from './group.service';
import { operationOutcome } from './operation-outcome';

const param = z.string().max(2000).optional();
const kickOffQuery = z.strictObject({ _type: param, _since: param, _outputFormat: param, _format: param });
const statusParams = z.strictObject({ id: z.string().min(1).max(100) });
const groupParams = z.strictObject({ id: z.string().min(1).max(100) });
const fileParams = z.strictObject({
  id: z.string().min(1).max(100),
  file: z.string().regex(/^\d{1,6}\.ndjson$/, 'expected <n>.ndjson'),
});
const loose = z.looseObject({}).describe('FHIR OperationOutcome');
const manifest = z.looseObject({
  transactionTime: z.string(),
  request: z.string(),
  requiresAccessToken: z.boolean(),
  output: z.array(z.object({ type: z.string(), url: z.string(), count: z.number() })),
});

interface Opts {
  tags: string[];
  security: Array<Record<string, string[]>>;
  rateLimit: { max: number; timeWindow: string; keyGenerator: (req: FastifyRequest) => string };
}

/** Bulk Data Access: kick-off, status polling, manifest and NDJSON files, all with the app's bearer token. */
export async function registerBulkExport(fhir: FastifyInstance, ctx: AppContext, opts: Opts) {
  const app = fhir.withTypeProvider<ZodTypeProvider>();
  const service = createBulkExportService(ctx);
  const group = createGroupService(ctx);
  const base = `${ctx.config.publicUrl}${FHIR_BASE_PATH}`;
  const { tags, security, rateLimit } = opts;
  const errors = { 400: loose, 401: loose, 403: loose, 404: loose, 429: loose };

  for (const path of ['/Patient/$export', '/$export']) {
    app.get(
      path,
      {
        schema: {
          tags,
          summary:
            path === '/$export' ? 'Bulk export of the patient in context' : 'Bulk export of the patient',
          description:
            'Send `Prefer: respond-async`; answers 202 with `Content-Location`, the status URL to poll. `_type` (Patient, Device, Observation; default: every type the token’s scopes open), `_since` (an instant).',
          querystring: kickOffQuery,
          security,
          response: { 202: loose, ...errors },
        },
        config: { rateLimit },
      },
      async (req, reply) => {
        const principal = await fhirPrincipal(ctx, req);
        const row = await service.kickOff(principal, {
          prefer: [req.headers.prefer ?? ''].flat().join(', '),
          outputFormat: req.query._outputFormat,
          type: req.query._type,
          since: req.query._since,
          requestUrl: `${ctx.config.publicUrl}${req.url}`,
        });
        reply.header('content-location', `${base}/bulk-status/${row.id}`);
        return reply
          .status(202)
          .send(operationOutcome(202, 'The export has started.', 'information') as never);
      },
    );
  }

  app.get(
    '/Group/:id',
    {
      schema: {
        tags,
        summary: 'The clinic’s Group: its patients sharing now (a clinic’s backend-services token)',
        params: groupParams,
        querystring: z.strictObject({ _format: param, _pretty: param }),
        security,
        response: { 200: loose, ...errors },
      },
      config: { rateLimit },
    },
    async (req) => group.read(await fhirSystemPrincipal(ctx, req), req.params.id) as never,
  );

  app.get(
    '/Group/:id/$export',
    {
      schema: {
        tags,
        summary: 'Bulk export of the clinic’s Group (a clinic’s backend-services token)',
        description:
          'Send `Prefer: respond-async`; answers 202 with `Content-Location`. Each patient sharing with the clinic now, only the categories they shared. `_type` (Patient, Observation), `_since`.',
        params: groupParams,
        querystring: kickOffQuery,
        security,
        response: { 202: loose, ...errors },
      },
      config: { rateLimit },
    },
    async (req, reply) => {
      const id = await group.kickOff(await fhirSystemPrincipal(ctx, req), req.params.id, {
        prefer: [req.headers.prefer ?? ''].flat().join(', '),
        outputFormat: req.query._outputFormat,
        type: req.query._type,
        since: req.query._since,
        requestUrl: `${ctx.config.publicUrl}${req.url}`,
      });
      reply.header('content-location', `${base}/bulk-status/${id}`);
      return reply.status(202).send(operationOutcome(202, 'The export has started.', 'information') as never);
    },
  );

  app.get(
    '/bulk-status/:id',
    {
      schema: {
        tags,
        summary: 'Bulk export status: 202 while running (X-Progress), then the manifest',
        params: statusParams,
        security,
        response: { 200: manifest, 202: z.null(), ...errors, 500: loose },
      },
      config: { rateLimit },
    },
    async (req, reply) => {
      // A clinic's EHR polls its Group export; a user's app its patient export (group.service.ts).
      const caller = await fhirCaller(ctx, req);
      const status =
        'system' in caller
          ? await group.status(caller.system, req.params.id, base)
          : await service.status(caller.partner, req.params.id, base);
      if (status.state === 'running') {
        // Bulk Data IG: in progress is a bare 202 (X-Progress, Retry-After), no body.
        return reply
          .status(202)
          .header('x-progress', status.progress)
          .header('retry-after', '2')
          .send(undefined as never);
      }
      if (status.state === 'failed') {
        return reply.status(500).send(operationOutcome(500, status.message) as never);
      }
      if (status.expires) reply.header('expires', status.expires.toUTCString());
      return reply.type('application/json').send(status.manifest);
    },
  );

  app.delete(
    '/bulk-status/:id',
    {
      schema: {
        tags,
        summary: 'Cancel or delete a bulk export',
        params: statusParams,
        security,
        response: { 202: loose, ...errors },
      },
      config: { rateLimit },
    },
    async (req, reply) => {
      const caller = await fhirCaller(ctx, req);
      if ('system' in caller) await group.cancel(caller.system, req.params.id);
      else await service.cancel(caller.partner, req.params.id);
      // Bulk Data IG: 202, with no body or an OperationOutcome (not the JSON `null` it was).
      return reply
        .status(202)
        .send(
          operationOutcome(202, 'The export was cancelled and its files deleted.', 'information') as never,
        );
    },
  );

  app.get(
    '/bulk-files/:id/:file',
    {
      schema: {
        tags,
        summary: 'One NDJSON file of a bulk export',
        params: fileParams,
        security,
        response: { 200: z.string(), ...errors },
      },
      config: { rateLimit },
    },
    async (req, reply) => {
      const seq = Number(req.params.file.replace('.ndjson', ''));
      const caller = await fhirCaller(ctx, req);
      const content =
        'system' in caller
          ? await group.file(caller.system, req.params.id, seq)
          : await service.file(caller.partner, req.params.id, seq);
      return reply.type('application/fhir+ndjson').send(content);
    },
  );
}
