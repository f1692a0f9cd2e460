import { apiErrorSchema } from '@vitalbase/core/api-error';
import { ApiError } from './api-error';
import { isGatewayStatus, reportReachable, reportUnreachable } from './connection';

export { ApiError };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let csrfToken: Promise<string> | undefined;

const unreachable = () =>
  new ApiError(0, 'network_error', 'The server cannot be reached. Check your connection.');

/**
 * fetch, with the server's reachability reported (api/connection.ts): a failure to connect is an
 * ApiError like any other (status 0), so every page says what happened rather than "something went wrong".
 */
async function reach(path: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, credentials: 'same-origin' });
  } catch {
    reportUnreachable();
    throw unreachable();
  }
  if (isGatewayStatus(res.status)) reportUnreachable();
  else reportReachable();
  return res;
}

/** The CSRF token for this browser, fetched once (and again when the server says it went stale). */
function csrf(): Promise<string> {
  csrfToken ??= reach('/api/csrf', { headers: { accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok) throw await toApiError(res);
      return ((await res.json()) as { token: string }).token;
    })
    .catch((err: unknown) => {
      csrfToken = undefined;
      throw err;
    });
  return csrfToken;
}

async function toApiError(res: Response): Promise<ApiError> {
  const body: unknown = await res.json().catch(() => undefined);
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(res.status, code, message, details);
  }
  return new ApiError(res.status, 'http_error', `The server answered ${res.status}.`);
}

/** Extra request headers, e.g. a link credential that must not travel in the URL. */
export interface ApiOptions {
  headers?: Record<string, string>;
}

async function send(method: Method, path: string, body: unknown, opts: ApiOptions): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = await csrf();
  return reach(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Calls the API: JSON in and out, cookies of this site, CSRF token on writes; throws ApiError. */
export async function api<T = unknown>(
  method: Method,
  path: string,
  body?: unknown,
  opts: ApiOptions = {},
): Promise<T> {
  let res = await send(method, path, body, opts);
  if (res.status === 403 && method !== 'GET') {
    const err = await toApiError(res.clone());
    if (err.code === 'csrf_invalid') {
      csrfToken = undefined;
      res = await send(method, path, body, opts);
    }
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Sends raw bytes (one chunk of an import's file) with the CSRF token; JSON back, ApiError on failure. */
export async function putBytes<T = unknown>(
  path: string,
  bytes: Blob,
  headers: Record<string, string>,
): Promise<T> {
  const res = await reach(path, {
    method: 'PUT',
    headers: {
      ...headers,
      accept: 'application/json',
      'content-type': 'application/octet-stream',
      'x-csrf-token': await csrf(),
    },
    body: bytes,
  });
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as T;
}

/** After signing in or out the server may rotate the CSRF secret: fetch a fresh token next time. */
export function forgetCsrfToken() {
  csrfToken = undefined;
}
