import type { FastifyRequest } from 'fastify';

/**
 * Where a call came from, as the services keep it (audit trail, sessions, alert mails): the client's
 * address and browser, never the HTTP request itself. So the CLI and the jobs call the same services
 * with what they have (`{ ip: null, userAgent: null }`, or what a queued job kept), without a fake request.
 */
export interface RequestMeta {
  ip: string | null;
  /** Cut to 500 characters. */
  userAgent: string | null;
}

export function requestMeta(req: FastifyRequest): RequestMeta {
  return { ip: req.ip ?? null, userAgent: req.headers['user-agent']?.slice(0, 500) ?? null };
}
