import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../lib/context';
import { Unauthorized } from '../../lib/errors';
import { authenticatePartnerToken, type PartnerPrincipal } from '../oauth';

export const FHIR_BASE_PATH = '/fhir/R4';

/** The partner behind `Authorization: Bearer`: 401 without one or with one that no longer works. */
export async function fhirPrincipal(ctx: AppContext, req: FastifyRequest): Promise<PartnerPrincipal> {
  const header = req.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!token) throw new Unauthorized('An access token is required (Authorization: Bearer).', 'invalid_token');
  return authenticatePartnerToken(ctx, token);
}
