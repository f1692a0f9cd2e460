import type { Resource } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { Invalid } from '../../lib/errors';
import { declareRoutes } from '../../lib/route-rules';
import { registerBulkExport } from './bulk-export.routes';
import { capabilityStatement, smartConfiguration } from './capability';
import { FHIR_BASE_PATH, fhirPrincipal } from './fhir-auth';
import { createFhirService, type SearchLinks } from './fhir.service';
import { FHIR_JSON, fhirErrorHandler, operationOutcome } from './operation-outcome';

/** A search parameter: once (string) or repeated (array), as the query-string parser gives it. */
const param = z.union([z.string().max(2000), z.array(z.string().max(2000)).max(20)]).optional();
/** Accepted everywhere; we answer JSON only. */
const common = { _format: param, _pretty: param };

const idParams = z.strictObject({ id: z.string().min(1).max(200) });
const readQuery = z.strictObject(common);
const observationQuery = z.strictObject({
  ...common,
  patient: param,
  subject: param,
  code: param,
  category: param,
  date: param,
  _lastUpdated: param,
  _count: param,
  _sort: param,
  _total: param,
  _cursor: param,
});
const deviceQuery = z.strictObject({ ...common, patient: param });
const patientQuery = z.strictObject({ ...common, _id: param });

/** Resources are described loosely here (the FHIR R4 specification is their schema). */
const resource = (type: string) =>
  z.looseObject({ resourceType: z.literal(type), id: z.string().optional() }).describe(`FHIR R4 ${type}`);
const outcome = resource('OperationOutcome');
type FhirJson = z.infer<ReturnType<typeof resource>>;
/** Our resources are typed by @medplum/fhirtypes; the loose response schema only checks the envelope. */
const json = async (r: Promise<Resource>): Promise<FhirJson> => (await r) as unknown as FhirJson;
const errors = { 400: outcome, 401: outcome, 403: outcome, 404: outcome };

const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json']);

function linksOf(ctx: AppContext, req: FastifyRequest): SearchLinks {
  const q = req.url.indexOf('?');
  return { base: `${ctx.config.publicUrl}${FHIR_BASE_PATH}`, query: q === -1 ? '' : req.url.slice(q + 1) };
}

/**
 * FHIR R4 for connected apps (issue #6), in its own scope: OperationOutcome errors, FHIR JSON, CORS
 * for browser apps (bearer tokens only, no cookies, so any origin may call), and a per-token rate limit.
 */
export async function registerFhir(app: FastifyInstance, ctx: AppContext) {
  await app.register(
    async (scope) => {
      const fhir = scope.withTypeProvider<ZodTypeProvider>();
      const service = createFhirService(ctx);
      fhir.setErrorHandler(fhirErrorHandler);
      // Bearer tokens only: a browser's session cookie opens nothing here (lib/route-rules.ts).
      declareRoutes(scope, { sessionCookie: false });
      fhir.setNotFoundHandler((_req, reply) =>
        reply.status(404).type(FHIR_JSON).send(operationOutcome(404, 'No such resource type or operation.')),
      );
      fhir.addHook('onRequest', async (req, reply) => {
        reply.type(FHIR_JSON);
        reply.header('access-control-allow-origin', '*');
        reply.header('access-control-expose-headers', 'content-location, x-progress, retry-after, location');
        const format = (req.query as Record<string, unknown> | undefined)?._format;
        if (typeof format === 'string' && !JSON_FORMATS.has(format.split(';')[0]!.trim())) {
          throw new Invalid('_format: this server answers JSON only (application/fhir+json).');
        }
      });
      fhir.options('/*', { schema: { hide: true } }, async (_req, reply) =>
        reply
          .header('access-control-allow-methods', 'GET, DELETE, OPTIONS')
          .header('access-control-allow-headers', 'authorization, accept, content-type, prefer')
          .header('access-control-max-age', '600')
          .status(204)
          .send(),
      );
      const rateLimit = {
        max: 300,
        timeWindow: '1 minute',
        keyGenerator: (req: FastifyRequest) => req.headers.authorization ?? req.ip,
      };
      const tags = ['FHIR R4'];
      const security = [{ bearer: [] }];

      fhir.get(
        '/metadata',
        {
          schema: {
            tags,
            summary: 'CapabilityStatement',
            querystring: readQuery,
            security: [],
            response: { 200: resource('CapabilityStatement'), 400: outcome },
          },
          config: { publicCache: true },
        },
        async () => json(Promise.resolve(capabilityStatement(ctx.config.publicUrl, ctx.now()))),
      );
      fhir.get(
        '/.well-known/smart-configuration',
        {
          schema: {
            tags,
            summary: 'SMART App Launch configuration',
            security: [],
            response: {
              200: z.looseObject({ authorization_endpoint: z.string(), token_endpoint: z.string() }),
              400: outcome,
            },
          },
          config: { publicCache: true },
        },
        async (_req, reply) => reply.type('application/json').send(smartConfiguration(ctx.config.publicUrl)),
      );

      fhir.get(
        '/Patient/:id',
        {
          schema: {
            tags,
            summary: 'Read the token’s patient (scope patient/Patient.rs)',
            params: idParams,
            querystring: readQuery,
            security,
            response: { 200: resource('Patient'), ...errors },
          },
          config: { rateLimit },
        },
        async (req) => json(service.readPatient(await fhirPrincipal(ctx, req), req.params.id)),
      );
      fhir.get(
        '/Patient',
        {
          schema: {
            tags,
            summary: 'Search patients: the token’s patient',
            querystring: patientQuery,
            security,
            response: { 200: resource('Bundle'), ...errors },
          },
          config: { rateLimit },
        },
        async (req) =>
          json(service.searchPatients(await fhirPrincipal(ctx, req), req.query, linksOf(ctx, req))),
      );
      fhir.get(
        '/Device/:id',
        {
          schema: {
            tags,
            summary: 'Read a device of the patient (scope patient/Device.rs)',
            params: idParams,
            querystring: readQuery,
            security,
            response: { 200: resource('Device'), ...errors },
          },
          config: { rateLimit },
        },
        async (req) => json(service.readDevice(await fhirPrincipal(ctx, req), req.params.id)),
      );
      fhir.get(
        '/Device',
        {
          schema: {
            tags,
            summary: 'Search the patient’s devices',
            querystring: deviceQuery,
            security,
            response: { 200: resource('Bundle'), ...errors },
          },
          config: { rateLimit },
        },
        async (req) =>
          json(service.searchDevices(await fhirPrincipal(ctx, req), req.query, linksOf(ctx, req))),
      );
      fhir.get(
        '/Observation/:id',
        {
          schema: {
            tags,
            summary: 'Read an Observation (scope patient/Observation.rs)',
            params: idParams,
            querystring: readQuery,
            security,
            response: { 200: resource('Observation'), ...errors },
          },
          config: { rateLimit },
        },
        async (req) => json(service.readObservation(await fhirPrincipal(ctx, req), req.params.id)),
      );
      fhir.get(
        '/Observation',
        {
          schema: {
            tags,
            summary: 'Search Observations',
            description:
              'patient/subject, code (system|code), category, date and _lastUpdated (eq ge gt le lt), _count, _sort=date|-date; pages follow the `next` link.',
            querystring: observationQuery,
            security,
            response: { 200: resource('Bundle'), ...errors },
          },
          config: { rateLimit },
        },
        async (req) =>
          json(service.searchObservations(await fhirPrincipal(ctx, req), req.query, linksOf(ctx, req))),
      );
      await registerBulkExport(fhir, ctx, { tags, security, rateLimit });
    },
    { prefix: FHIR_BASE_PATH },
  );
}
