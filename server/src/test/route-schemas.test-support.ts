import type { App } from '../app';
import type { JsonSchema } from './plausible-input.test-support';
import { registeredRoutes } from './registered-routes';

export interface RouteWithSchemas {
  method: string;
  /** Fastify's form: /api/devices/:id */
  path: string;
  body?: JsonSchema;
  query: Array<{ name: string; schema: JsonSchema; required: boolean }>;
}

/** Every registered route with its input schemas from the OpenAPI document, where it has them there. */
export function routesWithSchemas(app: App): RouteWithSchemas[] {
  const doc = app.swagger() as {
    paths: Record<string, Record<string, { requestBody?: unknown; parameters?: unknown[] }>>;
  };
  const documented = new Map<string, { requestBody?: unknown; parameters?: unknown[] }>();
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      documented.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, operation);
    }
  }
  return registeredRoutes(app).map(({ method, path }) => {
    const operation = documented.get(`${method} ${path}`);
    const content = (operation?.requestBody as { content?: Record<string, { schema?: JsonSchema }> })
      ?.content;
    const parameters = (operation?.parameters ?? []) as Array<{
      in: string;
      name: string;
      schema: JsonSchema;
      required?: boolean;
    }>;
    return {
      method,
      path,
      body: content?.['application/json']?.schema,
      query: parameters
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name, schema: p.schema, required: p.required ?? false })),
    };
  });
}

/** A new client address per call, so per-address rate limits do not hide the routes behind 429. */
export function distinctAddresses(): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };
}
