import { getMetric } from '@vitalbase/core';
import { Invalid } from '../../lib/errors';
import { z } from 'zod';
import { cursorField, decodeCursor, encodeCursor, InvalidCursor } from '../../db/cursor';
import type { ObservationQuery, ObservationRow } from '../health-data';
import { observationKinds } from './resources/observation-kinds';
import { BP_COMPONENTS } from './resources/observation-kinds';
import {
  all,
  one,
  parseCount,
  parseDateParam,
  parsePatientParam,
  parseTokenParam,
  type TokenValue,
  tokenMatches,
} from './search-params';

/** The Observation search parameters we support (capability statement and route schema list the same). */
export const observationSearchParams = [
  { name: 'patient', type: 'reference', documentation: 'Patient/<id>: only the patient of the token.' },
  { name: 'subject', type: 'reference', documentation: 'Same as patient.' },
  { name: 'code', type: 'token', documentation: 'system|code (LOINC or our metric system), comma = OR.' },
  { name: 'category', type: 'token', documentation: 'vital-signs, activity or exam.' },
  { name: 'date', type: 'date', documentation: 'effective time, prefixes eq ge gt le lt; repeat to AND.' },
  { name: '_lastUpdated', type: 'date', documentation: 'meta.lastUpdated, prefixes eq ge gt le lt.' },
  { name: '_count', type: 'number', documentation: 'page size, default 50, at most 500.' },
  { name: '_sort', type: 'special', documentation: 'date (oldest first, the default) or -date.' },
  { name: '_total', type: 'special', documentation: 'none to skip the total.' },
] as const;

export type RawParams = Record<string, string | string[] | undefined>;

/** (taken at, reading id — a derived value's key for a BMI —, Observation kind, sort order). */
const observationCursor = z.strictObject({
  t: cursorField.instant,
  r: cursorField.key.pipe(z.string().max(64)),
  k: z.string().regex(/^[a-z0-9-]{1,64}$/),
  s: z.enum(['asc', 'desc']),
});

export function encodeObservationCursor(row: ObservationRow, descending: boolean): string {
  return encodeCursor({ t: row.takenAt, r: row.readingId, k: row.key, s: descending ? 'desc' : 'asc' });
}

/** Kinds whose code (or whose category) matches every parameter value (AND of ORs). */
function matchingKeys(
  values: TokenValue[][],
  codingsOf: (k: (typeof kinds)[number]) => Array<{ system?: string; code?: string }>,
): Set<string> {
  return new Set(
    kinds
      .filter((k) => values.every((alts) => alts.some((t) => codingsOf(k).some((c) => tokenMatches(t, c)))))
      .map((k) => k.key),
  );
}

/** The panel, every single kind, and the lone systolic / diastolic Observations. */
const kinds = [
  ...observationKinds,
  ...BP_COMPONENTS.map((c) => ({
    key: c.metric.replace(/_/g, '-'),
    metrics: [c.metric],
    category: 'vital-signs' as const,
    code: { coding: [c.coding] },
  })),
];

/**
 * The export query for a clinic's EHR: only the Observation kinds built from metrics the patient
 * shared with the clinic (a blood-pressure panel needs both pressures shared; BMI needs `bmi`).
 */
export function observationQueryOfMetrics(allowed: readonly string[]): ParsedObservationSearch['query'] {
  const chosen = kinds.filter((k) => k.metrics.every((m) => allowed.includes(m)));
  const base = parseObservationSearch({}).query;
  return {
    ...base,
    keys: chosen.map((k) => k.key),
    metrics: [...new Set(chosen.flatMap((k) => k.metrics).filter((m) => !getMetric(m)?.derived))],
    includeBmi: chosen.some((k) => k.key === 'bmi'),
  };
}

const CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';

export interface ParsedObservationSearch {
  /** The patients asked for (AND of ORs); the caller answers nothing unless each list holds the token's patient. */
  patients: string[][];
  query: Omit<ObservationQuery, 'limit'> & { count: number };
  cursor?: string;
  withTotal: boolean;
}

/** Turns the query string into a repository query; anything we cannot honour is a 400. */
export function parseObservationSearch(params: RawParams): ParsedObservationSearch {
  const patients = [
    ...parsePatientParam(all(params.patient), 'patient'),
    ...parsePatientParam(all(params.subject), 'subject'),
  ];
  const codes = parseTokenParam(all(params.code), 'code');
  const categories = parseTokenParam(all(params.category), 'category');
  let keys = matchingKeys(codes, (k) => k.code.coding ?? []);
  const byCategory = matchingKeys(categories, (k) => [{ system: CATEGORY_SYSTEM, code: k.category }]);
  keys = new Set([...keys].filter((k) => byCategory.has(k)));
  const chosen = kinds.filter((k) => keys.has(k.key));
  const sort = one(params._sort, '_sort') ?? 'date';
  if (sort !== 'date' && sort !== '-date') throw new Invalid('_sort: only date or -date.');
  const descending = sort === '-date';
  const total = one(params._total, '_total');
  if (total !== undefined && !['none', 'estimate', 'accurate'].includes(total)) {
    throw new Invalid('_total: none, estimate or accurate.');
  }
  const cursorText = one(params._cursor, '_cursor');
  const cursor = decodeCursor(cursorText, observationCursor);
  if (cursor && cursor.s !== (descending ? 'desc' : 'asc')) throw new InvalidCursor();
  return {
    patients,
    withTotal: total !== 'none',
    ...(cursorText ? { cursor: cursorText } : {}),
    query: {
      keys: chosen.map((k) => k.key),
      metrics: [...new Set(chosen.flatMap((k) => k.metrics).filter((m) => !getMetric(m)?.derived))],
      includeBmi: keys.has('bmi'),
      date: parseDateParam(all(params.date), 'date'),
      lastUpdated: parseDateParam(all(params._lastUpdated), '_lastUpdated'),
      descending,
      ...(cursor ? { after: { takenAt: cursor.t, readingId: cursor.r, key: cursor.k } } : {}),
      count: parseCount(one(params._count, '_count')),
    },
  };
}
