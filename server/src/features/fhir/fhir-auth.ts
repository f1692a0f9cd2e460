import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../lib/context';
import { Forbidden, Unauthorized } from '../../lib/errors';
import {
  authenticatePartnerToken,
  findSystemPrincipal,
  type PartnerPrincipal,
  type SystemPrincipal,
} from '../oauth';

export const FHIR_BASE_PATH = '/fhir/R4';

/** The partner behind `Authorization: Bearer`: 401 without one or with one that no longer works. */
export async function fhirPrincipal(ctx: AppContext, req: FastifyRequest): Promise<PartnerPrincipal> {
  return authenticatePartnerToken(ctx, bearer(req));
}

function bearer(req: FastifyRequest): string {
  const header = req.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!token) throw new Unauthorized('An access token is required (Authorization: Bearer).', 'invalid_token');
  return token;
}

/** A backend-services token (a clinic's EHR) or a user's app token: the bulk status and file routes serve both. */
export type FhirCaller = { system: SystemPrincipal } | { partner: PartnerPrincipal };

export async function fhirCaller(ctx: AppContext, req: FastifyRequest): Promise<FhirCaller> {
  const token = bearer(req);
  const system = await findSystemPrincipal(ctx, token);
  return system ? { system } : { partner: await authenticatePartnerToken(ctx, token) };
}

/**
 * The Group routes are for a clinic's backend client only: a user's app token is refused with 403
 * (insufficient_scope, it is a valid token without a system scope), anything else 401.
 */
export async function fhirSystemPrincipal(ctx: AppContext, req: FastifyRequest): Promise<SystemPrincipal> {
  const caller = await fhirCaller(ctx, req);
  if ('system' in caller) return caller.system;
  throw new Forbidden(
    'This operation needs a backend-services token (system/ scopes).',
    'insufficient_scope',
  );
}
