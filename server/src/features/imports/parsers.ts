import type { ImportFormat } from '@vitalbase/core';
import { Invalid } from '../../lib/errors';
import { appleHealthParser } from './apple-health.parser';
import type { ImportParser } from './import-item';
import { csvMappedParser } from './csv-mapped.parser';
import { fhirParser } from './fhir.parser';
import { withingsArchiveParser } from './withings-archive.parser';

/** Every format's parser (import-item.ts says how to add one). */
const PARSERS: Partial<Record<ImportFormat, ImportParser>> = {
  withings_archive: withingsArchiveParser,
  fhir: fhirParser,
  csv: csvMappedParser,
  apple_health: appleHealthParser,
};

export function parserFor(format: ImportFormat): ImportParser {
  const parser = PARSERS[format];
  if (!parser) throw new Invalid('This format is not supported yet.');
  return parser;
}

export const isSupportedFormat = (format: ImportFormat) => PARSERS[format] !== undefined;
