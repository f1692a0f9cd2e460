import type { ErrorCode } from '@vitalbase/core';

/**
 * Typed errors thrown by services; mapped to HTTP once, in app.ts. Messages must never carry health
 * data or anything the caller did not send: they are shown to the caller and may be logged.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Invalid extends AppError {
  constructor(message: string, details?: unknown) {
    super(400, 'invalid_input', message, details);
  }
}
export class Unauthorized extends AppError {
  constructor(message = 'Sign in to continue.', code: ErrorCode = 'unauthorized', details?: unknown) {
    super(401, code, message, details);
  }
}
export class Forbidden extends AppError {
  constructor(message = 'You are not allowed to do this.', code: ErrorCode = 'forbidden', details?: unknown) {
    super(403, code, message, details);
  }
}
/** Also what another user's object answers: its existence is not revealed. */
export class NotFound extends AppError {
  constructor(what = 'Resource') {
    super(404, 'not_found', `${what} not found.`);
  }
}
export class Conflict extends AppError {
  constructor(message: string, code: ErrorCode = 'conflict', details?: unknown) {
    super(409, code, message, details);
  }
}
export class Gone extends AppError {
  constructor(message: string) {
    super(410, 'gone', message);
  }
}
/** Scheduled maintenance (P23): writes wait until the window ends; the client retries then. */
export class Unavailable extends AppError {
  constructor(message: string, retryAfterSeconds: number, code: ErrorCode = 'maintenance') {
    super(503, code, message, { retryAfterSeconds });
  }
}
export class TooMany extends AppError {
  constructor(message = 'Too many attempts. Try again later.', retryAfterSeconds?: number) {
    super(429, 'too_many_requests', message, retryAfterSeconds ? { retryAfterSeconds } : undefined);
  }
}
