import { randomUUID } from 'node:crypto';
import { randomToken } from '../lib/tokens';

/** The part of an OpenAPI (JSON Schema) input schema the route sweeps read. */
export type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  minimum?: number;
};

export function typeOf(schema: JsonSchema): string {
  if (schema.enum || schema.const !== undefined) return 'enum';
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type) return type;
  const inner = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  return inner ? typeOf(inner) : 'string';
}

/** A value of the right type (not necessarily one the route accepts). */
export function plausible(schema: JsonSchema, depth = 0): unknown {
  switch (typeOf(schema)) {
    case 'enum':
      return schema.enum?.[0] ?? schema.const;
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return schema.items && depth < 4 ? [plausible(schema.items, depth + 1)] : [];
    case 'object': {
      // A union of objects (`{ jwks } | { jwksUrl }`): a value of its first branch.
      const branch = !schema.properties && (schema.anyOf?.[0] ?? schema.oneOf?.[0]);
      if (branch) return plausible(branch, depth);
      return depth < 4
        ? Object.fromEntries(
            Object.entries(schema.properties ?? {}).map(([k, v]) => [k, plausible(v, depth + 1)]),
          )
        : {};
    }
    default:
      if (schema.format === 'email') return `someone-${randomToken(4).toLowerCase()}@example.test`;
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'date') return '1990-01-01';
      if (schema.format === 'uuid') return randomUUID();
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  }
}
