import type { Executor } from '../../db/client';
import { consents } from '../consents';
import { devices } from '../devices';
import { consentResource } from '../fhir';
import { deviceResource } from '../fhir';
import { bmiObservation, readingObservations } from '../fhir';
import { patientResource } from '../fhir';
import type { ExportOverview } from './export-overview';
import { derivedPages, isLive, type PageOptions, readingPages } from '../health-data';
import { tablePages } from '../../db/table-pages';

interface FhirFileContext {
  db: Executor;
  userId: string;
  overview: ExportOverview;
  pages: PageOptions;
  advance: (rows: number) => void;
}

export interface FhirFile {
  path: string;
  about: string;
  generate(c: FhirFileContext): AsyncIterable<string>;
}

const ndjson = (resources: unknown[]) => resources.map((r) => `${JSON.stringify(r)}\n`).join('');

/**
 * fhir/*.ndjson: FHIR R4 resources, one per line (Bulk Data's NDJSON), from the FHIR feature's own
 * mappers, so the export and the /fhir/R4 API say the same thing with the same ids.
 */
export const fhirFiles: FhirFile[] = [
  {
    path: 'fhir/Patient.ndjson',
    about: 'FHIR R4 Patient: you, as a health record system sees you (identity only)',
    async *generate({ overview, advance }) {
      yield ndjson([patientResource(overview.identity)]);
      advance(1);
    },
  },
  {
    path: 'fhir/Device.ndjson',
    about: 'FHIR R4 Device: each device paired with the account',
    async *generate({ db, userId, pages, advance }) {
      for await (const page of tablePages(db, devices, userId, { ...pages, section: 'fhir:devices' })) {
        yield ndjson(page.map((d) => deviceResource(d as typeof devices.$inferSelect)));
        advance(page.length);
      }
    },
  },
  {
    path: 'fhir/Observation.ndjson',
    about: 'FHIR R4 Observation: each measurement with its LOINC code and UCUM unit, and computed BMI',
    async *generate({ db, userId, pages, advance }) {
      for await (const page of readingPages(db, userId, pages)) {
        const live = page.filter(isLive);
        const text = ndjson(live.flatMap((r) => readingObservations(r)));
        if (text) yield text;
        advance(page.reduce((n, r) => n + r.measures.length, 0));
      }
      const bmi = derivedPages(db, userId, 'bmi', { ...pages, section: 'fhir:bmi' });
      for await (const page of bmi) {
        const text = ndjson(page.flatMap((d) => bmiObservation(d) ?? []));
        if (text) yield text;
      }
    },
  },
  {
    path: 'fhir/Consent.ndjson',
    about: 'FHIR R4 Consent: your choice for each consent purpose',
    async *generate({ db, userId, pages, advance }) {
      for await (const page of tablePages(db, consents, userId, { ...pages, section: 'fhir:consents' })) {
        yield ndjson(page.map((c) => consentResource(c as typeof consents.$inferSelect)));
        advance(page.length);
      }
    },
  },
];
