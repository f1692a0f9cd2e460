import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { TooMany } from '../../lib/errors';
import { normalizeEmail } from './users.repo';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

interface Limit {
  max: number;
  windowMs: number;
}

/**
 * Per-route limits [P4], each counted twice: per client address and per account (the email in the
 * body, whether or not it has an account, so the answer tells nothing about it). Sign-in has no
 * per-account limit: a hard limit per account would let anyone who knows the email keep its owner out
 * [issue #11]; failed sign-ins are slowed per address × account and guarded per account instead
 * (login-throttle.ts).
 */
export const RATE_LIMITS = {
  signUp: { perAddress: { max: 20, windowMs: HOUR }, perEmail: { max: 5, windowMs: HOUR } },
  signIn: { perAddress: { max: 60, windowMs: 15 * MINUTE } },
  forgotPassword: { perAddress: { max: 10, windowMs: HOUR }, perEmail: { max: 3, windowMs: HOUR } },
  resetPassword: { perAddress: { max: 20, windowMs: HOUR } },
  resendVerification: { perAddress: { max: 10, windowMs: HOUR }, perEmail: { max: 3, windowMs: HOUR } },
  /** Links carry 256-bit secrets; this only stops a flood. */
  redeemLink: { perAddress: { max: 30, windowMs: 15 * MINUTE } },
  /** zxcvbn costs up to a few hundred ms of CPU per call; the web meter can run core's rule locally. */
  passwordStrength: { perAddress: { max: 30, windowMs: MINUTE } },
} satisfies Record<string, { perAddress: Limit; perEmail?: Limit }>;

type LimitName = keyof typeof RATE_LIMITS;

/**
 * preHandler hooks (they run after validation, so the body's email is known and normalized) that answer
 * 429 with Retry-After once a limit is passed. Each limit has its own counter store.
 */
export function rateLimited(app: FastifyInstance, name: LimitName): preHandlerAsyncHookHandler[] {
  const limits: { perAddress: Limit; perEmail?: Limit } = RATE_LIMITS[name];
  const checks = [
    app.createRateLimit({
      max: limits.perAddress.max,
      timeWindow: limits.perAddress.windowMs,
      keyGenerator: (req) => `${name}:ip:${req.ip}`,
    }),
  ];
  if (limits.perEmail) {
    checks.push(
      app.createRateLimit({
        max: limits.perEmail.max,
        timeWindow: limits.perEmail.windowMs,
        keyGenerator: (req) => `${name}:email:${emailOf(req)}`,
      }),
    );
  }
  return checks.map((check) => async (req: FastifyRequest) => {
    const result = await check(req);
    if (!result.isAllowed && result.isExceeded) throw new TooMany(undefined, result.ttlInSeconds);
  });
}

function emailOf(req: FastifyRequest): string {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? normalizeEmail(email) : '';
}
