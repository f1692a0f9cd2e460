import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { declareRoutes } from './lib/route-rules';

/** API prefixes: a miss under them is the JSON error, never the web app (FHIR has its own below /fhir/R4). */
const API_PREFIXES = ['/api', '/wbsapi', '/oauth', '/fhir'];

/**
 * Vite names every built asset under /assets/ by its content's hash: a changed file is a new address,
 * so the old one may stay in any cache for a year. index.html (and the fallback to it) names those
 * addresses: revalidated on every load, so a deploy is seen at once.
 */
const HASHED = /^\/assets\/.+-[\w-]{8,}(\.\w+)+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

function cacheControlFor(dist: string, file: string): string {
  const rel = `/${path.relative(dist, file).split(path.sep).join('/')}`;
  return HASHED.test(rel) ? IMMUTABLE : REVALIDATE;
}

/** index.html for a client-side route, pre-compressed as the static files are. */
async function sendIndex(req: FastifyRequest, reply: FastifyReply, dist: string) {
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const file = path.join(dist, 'index.html');
  reply
    .header('cache-control', REVALIDATE)
    .header('vary', 'accept-encoding')
    .type('text/html; charset=utf-8');
  for (const [encoding, ext] of [
    ['br', '.br'],
    ['gzip', '.gz'],
  ] as const) {
    if (!new RegExp(`\\b${encoding}\\b`).test(accepted)) continue;
    const body = await readFile(file + ext).catch(() => undefined);
    if (body) return reply.header('content-encoding', encoding).send(body);
  }
  return reply.send(await readFile(file));
}

/**
 * The built React app (web/dist) at `/`, with client-side routes falling back to index.html. Files
 * are sent pre-compressed (the build writes `.br` and `.gz` beside each text file, web/vite.config.ts)
 * to browsers that accept it: no CPU spent compressing per request.
 */
export async function serveWebApp(app: FastifyInstance, dist: string) {
  const hasWeb = existsSync(path.join(dist, 'index.html'));
  if (hasWeb) {
    await app.register(async (web) => {
      declareRoutes(web, { publicCache: true });
      await web.register(fastifyStatic, {
        root: dist,
        wildcard: false,
        preCompressed: true,
        cacheControl: false,
        setHeaders: (res, file) => res.setHeader('cache-control', cacheControlFor(dist, file)),
      });
    });
  }
  const notFound = (_req: FastifyRequest, reply: FastifyReply) =>
    reply.status(404).send({ error: { code: 'not_found', message: 'No such route.' } });
  // Which prefix a miss falls under is the 404 router's decision (percent-decoded like every route),
  // not a test on the raw URL: `/%61pi/nope` is an API miss too.
  for (const prefix of API_PREFIXES) {
    await app.register(async (api) => api.setNotFoundHandler(notFound), { prefix });
  }
  const pageOrNotFound = (req: FastifyRequest, reply: FastifyReply) => {
    const wantsPage = req.method === 'GET' && req.headers.accept?.includes('text/html');
    if (hasWeb && wantsPage) return sendIndex(req, reply, dist);
    return notFound(req, reply);
  };
  // Below /oauth, the consent page (`/oauth/consent/:uid`, where oidc-provider sends the browser) is
  // the web app's: the more specific prefix wins over /oauth's.
  await app.register(async (page) => page.setNotFoundHandler(pageOrNotFound), { prefix: '/oauth/consent' });
  app.setNotFoundHandler(pageOrNotFound);
}
