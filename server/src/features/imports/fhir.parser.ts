import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Observation } from '@medplum/fhirtypes';
import { readObservation } from '../fhir';
import { type ImportItem, type ImportParser, UnreadableFile } from './import-item';

/** A Bundle is one JSON document, read whole: above this, export it as NDJSON (one resource a line). */
const MAX_BUNDLE_BYTES = 256 * 1024 ** 2;

/** Resources in file order with their position: the NDJSON line, or the Bundle entry number. */
async function* resources(
  file: string,
): AsyncGenerator<{ line: number; resource: unknown } | { line: number; bad: true }> {
  const size = (await stat(file)).size;
  const head = await new Promise<string>((resolve, reject) => {
    let text = '';
    createReadStream(file, { start: 0, end: 4095, encoding: 'utf8' })
      .on('data', (c) => {
        text += c;
      })
      .on('end', () => resolve(text))
      .on('error', reject);
  });
  const firstLine = head
    .replace(/^\uFEFF/, '')
    .split('\n', 1)[0]!
    .trim();
  let oneDocument = false;
  try {
    JSON.parse(firstLine);
  } catch {
    oneDocument = firstLine.startsWith('{'); // a pretty-printed document
  }
  if (/"resourceType"\s*:\s*"Bundle"/.test(firstLine)) oneDocument = true;
  if (oneDocument) {
    if (size > MAX_BUNDLE_BYTES)
      throw new UnreadableFile('too_large', 'A FHIR Bundle this large must be sent as NDJSON.');
    let bundle: { resourceType?: string; entry?: Array<{ resource?: unknown }> };
    try {
      bundle = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
    } catch {
      throw new UnreadableFile(
        'bad_json',
        'The file is not a FHIR Bundle (JSON) nor NDJSON: it is truncated or not JSON.',
      );
    }
    if (bundle.resourceType !== 'Bundle')
      throw new UnreadableFile('not_fhir', 'The JSON file is not a FHIR Bundle.');
    let n = 0;
    for (const entry of bundle.entry ?? []) yield { line: ++n, resource: entry.resource };
    return;
  }
  let line = 0;
  for await (const text of createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    line += 1;
    const trimmed = text.replace(/^\uFEFF/, '').trim();
    if (!trimmed) continue;
    try {
      yield { line, resource: JSON.parse(trimmed) };
    } catch {
      yield { line, bad: true };
    }
  }
}

/**
 * FHIR R4 Observations, as a Bundle (JSON) or NDJSON (Vitalbase's own export writes
 * fhir/Observation.ndjson): vital signs and activity by LOINC code, UCUM units (fhir's readObservation).
 * The Observations of one of our readings (ids `<reading id>-<key>`, one after the other) become one
 * reading again, so a weigh-in round-trips whole.
 */
export const fhirParser: ImportParser = {
  async *parse(file) {
    let pending: Extract<ImportItem, { kind: 'reading' }> | undefined;
    let pendingGroup: string | undefined;
    const flush = function* () {
      if (pending) yield pending;
      pending = undefined;
      pendingGroup = undefined;
    };
    for await (const r of resources(file)) {
      if ('bad' in r) {
        yield* flush();
        yield { kind: 'refused', line: r.line, code: 'bad_json', reason: 'The line is not JSON.' };
        continue;
      }
      const type = (r.resource as { resourceType?: unknown } | undefined)?.resourceType;
      if (type !== 'Observation') {
        yield { kind: 'unmapped', type: typeof type === 'string' ? type.slice(0, 64) : 'not a resource' };
        continue;
      }
      const read = readObservation(r.resource as Observation);
      if (read.kind === 'unmapped') yield { kind: 'unmapped', type: read.type };
      else if (read.kind === 'refused')
        yield { kind: 'refused', line: r.line, code: read.code, reason: read.reason };
      else if (pending && read.group && read.group === pendingGroup && pending.takenAt === read.takenAt) {
        pending.measures.push(
          ...read.measures.filter((m) => !pending!.measures.some((p) => p.metric === m.metric)),
        );
      } else {
        yield* flush();
        pending = { kind: 'reading', line: r.line, takenAt: read.takenAt, measures: read.measures };
        pendingGroup = read.group;
      }
    }
    yield* flush();
  },
};
