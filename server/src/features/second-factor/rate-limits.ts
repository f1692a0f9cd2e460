import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { TooMany } from '../../lib/errors';

const accountKey = (req: FastifyRequest) => (req.auth ? `user:${req.auth.userId}` : `ip:${req.ip}`);

/**
 * Route config for @fastify/rate-limit counted per account (per address before anyone is known), so one
 * person's scripts cannot lock out everyone behind the same address, and one address cannot try many.
 * Each route so configured has its own counter.
 */
export function perAccountRateLimit(max: number, timeWindow: string) {
  return { rateLimit: { max, timeWindow, keyGenerator: accountKey } };
}

/**
 * One budget per account shared by several routes (preHandler hooks: they run after validation, so
 * malformed requests, which guess nothing, do not spend it). Every window given must have room left.
 */
export function sharedAccountBudget(
  app: FastifyInstance,
  name: string,
  windows: Array<{ max: number; windowMs: number }>,
): preHandlerAsyncHookHandler[] {
  return windows.map(({ max, windowMs }) => {
    const check = app.createRateLimit({
      max,
      timeWindow: windowMs,
      keyGenerator: (req) => `${name}:${windowMs}:${accountKey(req)}`,
    });
    return async (req: FastifyRequest) => {
      const result = await check(req);
      if (!result.isAllowed && result.isExceeded) throw new TooMany(undefined, result.ttlInSeconds);
    };
  });
}
