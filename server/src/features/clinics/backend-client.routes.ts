import { clinicBackendClientBody, clinicBackendClientSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import {
  type BackendClientKeys,
  type ClinicBackendClient,
  type JwksUrlPolicy,
  findClinicBackendClient,
  oauthRoutes,
  registerClinicBackendClient,
  removeClinicBackendClient,
} from '../oauth';
import { createStaffGate } from './clinic-access';
import { createClinicsRepo } from './clinics.repo';

/**
 * The clinic's EHR client (SMART Backend Services, issue #15), in the clinic's settings: the
 * clinic_admin registers or replaces its public keys, or removes the client; the answer says where the
 * EHR gets tokens and reads (its Group is the clinic).
 */
export async function registerBackendClientRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createStaffGate(ctx);
  const params = z.object({ clinicId: z.uuid() });
  const tags = ['clinics'];
  const present = (clinicId: string, c: ClinicBackendClient) => ({
    clientId: c.clientId,
    scopes: c.scopes,
    keyIds: c.keyIds,
    jwksUrl: c.jwksUrl,
    tokenUrl: `${ctx.config.publicUrl}${oauthRoutes.token}`,
    fhirBaseUrl: `${ctx.config.publicUrl}/fhir/R4`,
    groupId: clinicId,
    updatedAt: c.updatedAt.toISOString(),
  });

  r.get(
    '/api/clinics/:clinicId/backend-client',
    {
      schema: {
        tags,
        summary: 'The clinic’s EHR backend-services client, if registered (clinic_admin)',
        params,
        response: { 200: clinicBackendClientSchema },
      },
    },
    async (req) => {
      const staff = await gate.requireStaff(req, req.params.clinicId, 'settings');
      const client = await findClinicBackendClient(ctx.database.db, staff.clinic.id);
      if (!client) throw new NotFound('Backend client');
      return present(staff.clinic.id, client);
    },
  );

  r.put(
    '/api/clinics/:clinicId/backend-client',
    {
      schema: {
        tags,
        summary:
          'Register or replace the public keys of the clinic’s EHR client, pasted (jwks) or by URL (jwksUrl, fetched and checked now) (clinic_admin)',
        params,
        body: clinicBackendClientBody,
        response: { 200: clinicBackendClientSchema },
      },
    },
    async (req) => {
      const staff = await gate.requireStaff(req, req.params.clinicId, 'settings');
      const client = await registerClinicBackendClient(
        ctx.database.db,
        staff.clinic,
        req.body,
        ctx.now(),
        jwksUrlPolicy(ctx),
      );
      return present(staff.clinic.id, client);
    },
  );

  r.delete(
    '/api/clinics/:clinicId/backend-client',
    {
      schema: {
        tags,
        summary: 'Remove the clinic’s EHR client: its tokens stop at once (clinic_admin)',
        params,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const staff = await gate.requireStaff(req, req.params.clinicId, 'settings');
      if (!(await removeClinicBackendClient(ctx.database.db, staff.clinic.id, ctx.now()))) {
        throw new NotFound('Backend client');
      }
      return reply.code(204).send(null);
    },
  );
}

const jwksUrlPolicy = (ctx: AppContext): JwksUrlPolicy => ({
  allowHttpLoopback: ctx.config.jwksUrlAllowHttpLoopback,
});

/**
 * `vitalbase clinic backend-client --clinic … --jwks-file …|--jwks-url …`: the same registration by
 * the operator.
 */
export async function registerClinicBackendClientAsOperator(
  ctx: AppContext,
  opts: { clinicId: string; keys: BackendClientKeys },
) {
  const clinic = await createClinicsRepo(ctx.database.db).find(opts.clinicId);
  if (!clinic) throw new NotFound('Clinic');
  return registerClinicBackendClient(ctx.database.db, clinic, opts.keys, ctx.now(), jwksUrlPolicy(ctx));
}
