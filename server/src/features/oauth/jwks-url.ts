import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import {
  isLoopbackAddress,
  isPublicAddress,
  lookupAllowing,
  nonPublicAddress,
} from '../../lib/address-guard';
import { AppError } from '../../lib/errors';

/**
 * A clinic's EHR key set published at a URL (SMART Backend Services `jwks_url`). We call a URL the
 * clinic typed, from inside our network: https only, to public addresses only (every address the
 * name resolves to, checked on the connection itself), a short timeout and a size cap. Tests and
 * development may allow plain http to a loopback address (JWKS_URL_ALLOW_HTTP_LOOPBACK), nothing else.
 */
export interface JwksUrlPolicy {
  allowHttpLoopback: boolean;
}

const MAX_URL_LENGTH = 2000;
/** Ten public keys are a few kB; a larger answer is not a key set (and is not read further). */
const JWKS_MAX_BYTES = 64 * 1024;
/** oidc-provider's own default is 2.5 s; an EHR's key set server answers well within it. */
const JWKS_FETCH_TIMEOUT_MS = 2500;

type JwksUrlProblem =
  | 'invalid_url'
  | 'not_https'
  | 'credentials'
  | 'non_public_address'
  | 'unreachable'
  | 'timeout'
  | 'too_large'
  | 'http_status'
  | 'not_json';

/** A refused URL: `invalid_jwks_url`, with the problem named so the settings page says what to fix. */
const badJwksUrl = (problem: JwksUrlProblem, message: string) =>
  new AppError(400, 'invalid_jwks_url', `jwksUrl: ${message}`, { problem });

/** Whether we may connect to this address for this URL's scheme. */
function addressAllowed(address: string, protocol: string, policy: JwksUrlPolicy): boolean {
  if (protocol === 'http:') return policy.allowHttpLoopback && isLoopbackAddress(address);
  return isPublicAddress(address) || (policy.allowHttpLoopback && isLoopbackAddress(address));
}

/** The URL's own rules, before any connection: the scheme, no credentials, no refused IP literal. */
export function checkJwksUrl(raw: string, policy: JwksUrlPolicy): URL {
  if (raw.length > MAX_URL_LENGTH) throw badJwksUrl('invalid_url', `at most ${MAX_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badJwksUrl('invalid_url', 'not a valid URL.');
  }
  const plain = url.protocol === 'http:';
  if (url.protocol !== 'https:' && !plain) throw badJwksUrl('not_https', 'the URL must use https.');
  if (url.username || url.password) throw badJwksUrl('credentials', 'the URL must not carry credentials.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // Plain http: development only, to a loopback address (a name is checked again once resolved).
  const loopbackHost = net.isIP(host) ? isLoopbackAddress(host) : host === 'localhost';
  if (plain && !(policy.allowHttpLoopback && loopbackHost)) {
    throw badJwksUrl('not_https', 'the URL must use https.');
  }
  if (net.isIP(host) && !addressAllowed(host, url.protocol, policy)) {
    throw badJwksUrl('non_public_address', 'the URL must point to a public address.');
  }
  return url;
}

const tooLarge = () =>
  Object.assign(new Error(`jwks_url answer larger than ${JWKS_MAX_BYTES} bytes`), { code: 'ETOOLARGE' });

/**
 * An http(s) agent that enforces the policy on the connection it opens, whoever asks it (our
 * registration check or oidc-provider's key refresh, which takes it through `httpOptions`): an IP
 * literal is checked as is, a name is resolved and refused if ANY of its addresses is refused (so a
 * name cannot mix a public and an internal address), and the socket is cut past JWKS_MAX_BYTES.
 * No keep-alive: one socket per fetch, so the byte count is the fetch's.
 */
function guardedAgent(protocol: 'http:' | 'https:', policy: JwksUrlPolicy) {
  const Base = protocol === 'http:' ? http.Agent : https.Agent;
  const guardedLookup = lookupAllowing((address) => addressAllowed(address, protocol, policy));
  class GuardedAgent extends Base {
    override createConnection(options: never, callback?: never): never {
      const opts = options as { host?: string; lookup?: unknown };
      const host = String(opts.host ?? '').replace(/^\[|\]$/g, '');
      if (net.isIP(host) && !addressAllowed(host, protocol, policy)) throw nonPublicAddress();
      const socket = (Base.prototype.createConnection as (o: unknown, c?: unknown) => net.Socket).call(
        this,
        { ...opts, lookup: guardedLookup },
        callback,
      );
      let received = 0;
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > JWKS_MAX_BYTES) socket.destroy(tooLarge());
      });
      return socket as never;
    }
  }
  return new GuardedAgent({ keepAlive: false });
}

/**
 * oidc-provider's `httpOptions` (it calls it for every outgoing request; jwks_uri refreshes are the
 * only ones we enable): the guarded agents and the timeout. Its own fetch does the rest (no redirects
 * followed, status 200 required, JSON, a key set).
 */
export function jwksHttpOptions(policy: JwksUrlPolicy) {
  const agents = { 'http:': guardedAgent('http:', policy), 'https:': guardedAgent('https:', policy) };
  return (url: URL) => ({
    agent: url.protocol === 'http:' ? agents['http:'] : agents['https:'],
    signal: AbortSignal.timeout(JWKS_FETCH_TIMEOUT_MS),
  });
}

/**
 * The registration check: the URL is fetched once, through the same guarded agent and limits as
 * oidc-provider's refreshes, and its answer must be a key set (checked by the caller). A URL that
 * cannot be used is refused now, with the reason, rather than failing the EHR's first token request.
 */
export async function fetchJwksForRegistration(raw: string, policy: JwksUrlPolicy): Promise<unknown> {
  const url = checkJwksUrl(raw, policy);
  const { agent, signal } = jwksHttpOptions(policy)(url);
  const get = url.protocol === 'http:' ? http.get : https.get;
  const body = await new Promise<string>((resolve, reject) => {
    const req = get(url, { agent, signal, headers: { accept: 'application/json' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(badJwksUrl('http_status', `the URL answered HTTP ${res.statusCode}, not 200.`));
      }
      // Counted here too: a socket cut mid-answer surfaces as a bare 'aborted' on the response.
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > JWKS_MAX_BYTES) req.destroy(tooLarge());
        else chunks.push(chunk);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', (err) => reject(fetchProblem(size > JWKS_MAX_BYTES ? tooLarge() : err, signal)));
    });
    req.on('error', (err) => reject(fetchProblem(err, signal)));
  }).catch((err: unknown) => {
    // A refusal thrown while connecting (the agent's address check) arrives here unmapped.
    throw fetchProblem(err, signal);
  });
  try {
    return JSON.parse(body);
  } catch {
    throw badJwksUrl('not_json', 'the URL did not answer JSON.');
  }
}

function fetchProblem(err: unknown, signal: AbortSignal): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'ENONPUBLIC')
    return badJwksUrl('non_public_address', 'the URL must point to a public address.');
  if (code === 'ETOOLARGE')
    return badJwksUrl('too_large', `the answer is larger than ${JWKS_MAX_BYTES} bytes.`);
  if (signal.aborted) return badJwksUrl('timeout', `no answer within ${JWKS_FETCH_TIMEOUT_MS / 1000} s.`);
  return badJwksUrl('unreachable', 'the URL could not be reached.');
}
