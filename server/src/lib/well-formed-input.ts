import { findIllFormedText, isWellFormedText } from '@vitalbase/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Invalid } from './errors';

/**
 * The edge check every request passes before a route sees it: the address (path and query), and JSON
 * and form bodies, must be valid UTF-8 that decodes to well-formed text without NUL. PostgreSQL stores
 * neither U+0000 nor a lone surrogate (a query fails, a 500), and a decoder that is not fatal turns bad
 * bytes into U+FFFD, stored as if the user had typed it. Messages never repeat the input.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Top-level body fields holding a batch whose items the route checks one by one (a device's sync):
     * a bad item is refused alone in the answer, instead of the whole body, so a retry is not stuck.
     */
    itemsCheckedAlone?: readonly string[];
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Runs of percent escapes: a character's UTF-8 bytes are escaped together. */
const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;

/** Whether text with percent escapes (a URL, a form body) decodes to well-formed text. */
function isWellFormedEscapedText(text: string): boolean {
  if (!isWellFormedText(text)) return false;
  for (const [run] of text.matchAll(ESCAPES)) {
    const bytes = Uint8Array.from(run.slice(1).split('%'), (hex) => Number.parseInt(hex, 16));
    try {
      if (!isWellFormedText(utf8.decode(bytes))) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function decodeUtf8(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new Invalid('The body is not valid UTF-8.', [{ where: 'body', code: 'invalid_utf8' }]);
  }
}

const illFormed = (where: string, path?: string) =>
  new Invalid('Text must be valid Unicode without the NUL character (U+0000).', [
    { where, ...(path ? { path } : {}), code: 'ill_formed_text' },
  ]);

/** The body without the fields the route checks item by item. */
function withoutItemFields(req: FastifyRequest, value: unknown): unknown {
  const skip = req.routeOptions.config?.itemsCheckedAlone;
  if (!skip?.length || !value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !skip.includes(k)));
}

/** A form body (application/x-www-form-urlencoded) as the Withings-style API reads it. */
export function parseFormBody(
  _req: FastifyRequest,
  body: Buffer,
  done: (err: Error | null, v?: unknown) => void,
) {
  try {
    const text = decodeUtf8(body);
    if (!isWellFormedEscapedText(text)) throw illFormed('body');
    const out: Record<string, string | string[]> = Object.create(null);
    for (const [k, v] of new URLSearchParams(text)) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    done(null, out);
  } catch (err) {
    done(err as Error);
  }
}

/** Installs the JSON body parser and the address check on the app (before any route is registered). */
export function checkInputAtTheEdge(app: FastifyInstance) {
  app.addHook('onRequest', async (req) => {
    if (!isWellFormedEscapedText(req.url)) throw illFormed('url');
  });

  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = decodeUtf8(body as Buffer);
    } catch (err) {
      return done(err as Error, undefined);
    }
    parseJson(req, text, (err, value) => {
      if (err) return done(err, undefined);
      const path = findIllFormedText(withoutItemFields(req, value));
      if (path !== undefined) return done(illFormed('body', path), undefined);
      done(null, value);
    });
  });
}
