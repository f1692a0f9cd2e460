import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import type { DestinationStream, Logger } from 'pino';
import type { Config } from './config';
import type { Database } from './db/client';
import { registerFeatures } from './features';
import { registerPublicOrigin } from './lib/public-origin';
import type { Mailer } from './features/mail';
import { type AppContext, createAppContext } from './lib/context';
import { errorHandler } from './lib/error-handler';
import { declareRoutes, registerNoStore, requestForLog } from './lib/route-rules';
import { sqlRateLimitStore } from './lib/shared-counters';
import { TooMany } from './lib/errors';
import { capConnectionsPerAddress, httpTimeoutOptions } from './lib/http-limits';
import { openapiTransform } from './lib/openapi-transform';
import { checkInputAtTheEdge } from './lib/well-formed-input';
import { serveWebApp } from './web-app';

export type App = FastifyInstance;

export interface AppDeps {
  config: Config;
  database: Database;
  mailer?: Mailer;
  now?: () => Date;
  logger?: Logger | boolean;
  /** Where the log lines go (stdout by default): tests read them to check what is logged. */
  logStream?: DestinationStream;
}

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function createApp(deps: AppDeps): Promise<App> {
  const { config, database } = deps;
  const app = Fastify({
    logger:
      deps.logger === false
        ? false
        : {
            level: config.logLevel,
            ...(deps.logStream ? { stream: deps.logStream } : {}),
            // Paths and query strings can carry link tokens and ids: log the matched route's pattern.
            serializers: { req: requestForLog },
          },
    trustProxy: config.trustProxy,
    ...httpTimeoutOptions(config),
    bodyLimit: 1024 * 1024,
    // Errors before routing (a path the router cannot decode) get the one error format, not Fastify's.
    frameworkErrors: (err, req, reply) => errorHandler(err, req, reply),
    // Long ids must reach the route's schema (a clear 400), not the router's bare 414.
    routerOptions: { maxParamLength: 2048 },
    // One line per request only at debug level; errors are logged by the error handler.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
  }).withTypeProvider<ZodTypeProvider>();
  capConnectionsPerAddress(app.server, config);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // Bad UTF-8, NUL and lone surrogates are refused at the door (address and body), so no route can
  // reach the database with them and fail there, or store U+FFFD in their place.
  checkInputAtTheEdge(app);

  // Before any route or plugin, so every route and every 404 gets it unless declared public.
  registerNoStore(app);
  await app.register(fastifyCookie, { secret: config.cookieSecret });
  // Helmet's middleware built once: @fastify/helmet built it again on every request (its directives
  // parsed each time, ~5 % of an empty route's CPU: issue 17). Every routed answer gets the headers.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    hsts: config.secureCookies,
  });
  app.addHook('onRequest', (req, reply, done) =>
    securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)),
  );
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'vb_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: config.secureCookies },
  });
  await app.register(fastifyRateLimit, {
    global: false,
    // In the database, not this process's memory: every app server shares the counts (issue #19).
    store: sqlRateLimitStore(database.raw),
    errorResponseBuilder: (_req, context) => new TooMany(undefined, Math.ceil(context.ttl / 1000)),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Vitalbase API',
        version: '0.1.0',
        description: 'Accounts, devices, health data and privacy.',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'vb_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: openapiTransform,
  });
  await app.register(async (docs) => {
    declareRoutes(docs, { publicCache: true });
    await docs.register(fastifySwaggerUi, { routePrefix: '/docs' });
  });

  const ctx = createAppContext({
    config,
    database,
    mailer: deps.mailer,
    now: deps.now,
    log: app.log as Logger,
  });
  app.decorate('ctx', ctx);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  await registerPublicOrigin(app, config.publicUrl);
  await registerFeatures(app, ctx);
  await serveWebApp(app, webDist);
  app.addHook('onClose', async () => ctx.mailer.close());
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
