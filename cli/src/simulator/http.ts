import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * The simulator's HTTP side: a signed-in user (cookies + CSRF token, like a browser) and a device
 * (its bearer credential). Plain fetch, a request-rate limit, and retries of what a real client retries:
 * dropped connections, 429 (after Retry-After) and 5xx, always with the same idempotency key.
 */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    const code = (body as { error?: { code?: string; message?: string } })?.error;
    super(`${what} → ${status}${code ? ` ${code.code}: ${code.message}` : ''}`);
  }
}

/** At most `perSecond` requests per second across the whole run (0 = no limit). */
export function createThrottle(perSecond: number): () => Promise<void> {
  if (!perSecond || perSecond <= 0) return async () => {};
  const gap = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + gap;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  };
}

export interface HttpOptions {
  baseUrl: string;
  throttle: () => Promise<void>;
  /**
   * The local address to send from (e.g. 127.0.3.7 against a server on loopback): a simulated person
   * calls from their own home, so the server's per-address limits count them apart, as in real life.
   */
  localAddress?: string;
  /** Attempts for retryable failures (network, 429, 5xx). */
  attempts?: number;
}

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** fetch's answer for a request sent from `localAddress` (node:http; fetch cannot bind one). */
function fetchFrom(localAddress: string) {
  return (url: URL, init: { method: string; headers: Record<string, string>; body?: string }) =>
    new Promise<Response>((resolve, reject) => {
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        url,
        { method: init.method, headers: init.headers, localAddress },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers)) {
              for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) headers.append(k, one);
            }
            const status = res.statusCode ?? 500;
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, headers }));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function send(
  opts: HttpOptions,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
) {
  const attempts = opts.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    await opts.throttle();
    try {
      const res = await (opts.localAddress ? fetchFrom(opts.localAddress) : fetch)(
        new URL(path, opts.baseUrl),
        {
          method,
          headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
          body: body !== undefined ? JSON.stringify(body) : undefined,
        },
      );
      if ((res.status === 429 || res.status >= 500) && attempt < attempts) {
        const retryAfter = Number(res.headers.get('retry-after') ?? 0);
        await sleep(Math.min(60_000, retryAfter > 0 ? retryAfter * 1000 : 250 * 2 ** attempt));
        continue;
      }
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
    } catch (err) {
      if (attempt >= attempts) throw err;
      await sleep(250 * 2 ** attempt);
    }
  }
}

/** A browser-like user session. */
export class UserHttp {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(private readonly opts: HttpOptions) {}

  private cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  private keepCookies(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<HttpAnswer<T>> {
    const headers: Record<string, string> = { ...extraHeaders, ...this.cookieHeader() };
    if (method !== 'GET') {
      if (!this.csrf) {
        const got = await send(this.opts, 'GET', '/api/csrf', this.cookieHeader());
        this.keepCookies(got.headers);
        this.csrf = (got.body as { token: string }).token;
      }
      headers['x-csrf-token'] = this.csrf;
      Object.assign(headers, this.cookieHeader());
    }
    const res = await send(this.opts, method, path, headers, method === 'GET' ? undefined : (body ?? {}));
    this.keepCookies(res.headers);
    return res as HttpAnswer<T>;
  }

  /** The call must succeed (2xx), or it throws with the API's error. */
  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request<T>(method, path, body);
    if (res.status >= 300) throw new HttpError(res.status, res.body, `${method} ${path}`);
    return res.body;
  }
}

/** A device: its own credential (or none yet), no cookies, no CSRF. */
export class DeviceHttp {
  constructor(
    private readonly opts: HttpOptions,
    private readonly credential: string,
  ) {}

  async post<T = unknown>(path: string, body: unknown, idempotencyKey?: string): Promise<HttpAnswer<T>> {
    // No credential: a unit that has none yet (a cellular unit's activation).
    const headers: Record<string, string> = this.credential
      ? { authorization: `Bearer ${this.credential}` }
      : {};
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const res = await send(this.opts, 'POST', path, headers, body);
    if (res.status >= 300) throw new HttpError(res.status, res.body, `POST ${path}`);
    return res as HttpAnswer<T>;
  }
}
