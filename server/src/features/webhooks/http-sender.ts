import http from 'node:http';
import https from 'node:https';
import { callbackUrlProblem, guardedLookup, type UrlPolicy } from './url-guard';

/** Each call to a partner gets this long in all (connect, send, answer). */
const SEND_TIMEOUT_MS = 5000;

export interface SendOutcome {
  /** The receiver's HTTP status, when it answered. */
  statusCode?: number;
  /** Why it did not answer (timeout, refused, non-public address…): our words, never its body. */
  error?: string;
  durationMs: number;
}

export interface PartnerRequest {
  method: 'POST' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * One HTTP call to a partner's URL: SSRF-guarded (see url-guard.ts), 5 s in all, redirects not
 * followed (a 3xx is an answer, and not a success), the answer's body read and dropped.
 */
export function sendToPartner(request: PartnerRequest, policy: UrlPolicy): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const problem = callbackUrlProblem(request.url, policy);
  if (problem) return Promise.resolve({ error: problem, durationMs: 0 });
  const url = new URL(request.url);
  const client = url.protocol === 'https:' ? https : http;
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<SendOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: elapsed() });
    };
    const req = client.request(
      url,
      {
        method: request.method,
        headers: {
          'user-agent': 'Vitalbase-Webhooks/1',
          ...(body ? { 'content-length': String(body.length) } : {}),
          ...request.headers,
        },
        lookup: guardedLookup(policy) as never,
        agent: false,
      },
      (res) => {
        res.on('data', () => {});
        res.on('error', () => {});
        res.on('end', () => finish({ statusCode: res.statusCode }));
        res.on('close', () => finish({ statusCode: res.statusCode }));
      },
    );
    const timer = setTimeout(() => {
      finish({ error: `no answer within ${SEND_TIMEOUT_MS / 1000} s` });
      req.destroy();
    }, SEND_TIMEOUT_MS);
    req.on('error', (err: NodeJS.ErrnoException) => {
      finish({ error: describeError(err) });
    });
    req.end(body);
  });
}

function describeError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENONPUBLIC':
      return 'the host resolves to a non-public address';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve';
    case 'ECONNRESET':
      return 'connection reset';
    default:
      return err.code ? `network error (${err.code})` : 'network error';
  }
}
