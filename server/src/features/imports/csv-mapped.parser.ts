import { createReadStream } from 'node:fs';
import { type CsvMapping, csvMappingSchema, getMetric, isValidTimeZone } from '@vitalbase/core';
import { Invalid } from '../../lib/errors';
import { csvRows } from './csv-rows';
import { type ImportItem, type ImportParser, UnreadableFile } from './import-item';
import { importNumber, importTime } from './local-time';

/** The mapping checked when the import is created: known metrics taken as readings, accepted units, a real zone. */
export function checkCsvMapping(options: unknown): CsvMapping {
  const parsed = csvMappingSchema.safeParse(options);
  if (!parsed.success)
    throw new Invalid('The CSV column mapping is not valid.', [
      { path: 'options', code: 'invalid_mapping', message: 'Not a column mapping.' },
    ]);
  const m = parsed.data;
  const errors = m.columns.flatMap((c, i) => {
    const def = getMetric(c.metric);
    if (!def || def.derived || !def.shapes.includes('reading')) {
      return [
        {
          path: `options.columns.${i}.metric`,
          code: 'unknown_metric',
          message: 'Not a metric a reading can hold.',
        },
      ];
    }
    return def.units[c.unit]
      ? []
      : [
          {
            path: `options.columns.${i}.unit`,
            code: 'unknown_unit',
            message: `Use one of: ${Object.keys(def.units).join(', ')}.`,
          },
        ];
  });
  if (m.timeZone && !isValidTimeZone(m.timeZone))
    errors.push({ path: 'options.timeZone', code: 'unknown_zone', message: 'Not a time zone.' });
  if (errors.length) throw new Invalid('The CSV column mapping is not valid.', errors);
  return m;
}

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** A date as the mapping says it is written → ISO 8601 with its offset, or undefined. */
function dateOf(text: string, m: CsvMapping): string | undefined {
  const t = text.trim();
  switch (m.dateFormat) {
    case 'unix_seconds': {
      const s = Number(t);
      return t && Number.isFinite(s) ? new Date(s * 1000).toISOString() : undefined;
    }
    case 'DD/MM/YYYY HH:mm':
    case 'MM/DD/YYYY HH:mm': {
      const d = DMY.exec(t);
      if (!d) return undefined;
      const [day, month] = m.dateFormat.startsWith('DD') ? [d[1]!, d[2]!] : [d[2]!, d[1]!];
      const local = `${d[3]}-${month.padStart(2, '0')}-${day.padStart(2, '0')} ${d[4]!.padStart(2, '0')}:${d[5]}:${d[6] ?? '00'}`;
      return importTime(local, m.timeZone);
    }
    default:
      return importTime(t, m.timeZone);
  }
}

/**
 * A CSV of the user's own, read through the mapping they chose (the web's mapping step): one reading per
 * row with a value per mapped column, in the unit they named (converted through the catalog).
 */
export const csvMappedParser: ImportParser = {
  async *parse(file, opts): AsyncGenerator<ImportItem> {
    const m = checkCsvMapping(opts.options);
    let index = new Map<string, number>();
    const rows = csvRows(createReadStream(file), (header) => {
      index = new Map(header.map((h, i) => [h.trim(), i]));
      const missing = [m.dateColumn, ...m.columns.map((c) => c.column)].filter((c) => !index.has(c));
      if (missing.length) {
        throw new UnreadableFile(
          header.length === 1 ? 'wrong_delimiter' : 'unknown_header',
          header.length === 1
            ? 'The columns could not be told apart: is the file cut with another delimiter?'
            : `Columns of the mapping are not in the file: ${missing.join(', ').slice(0, 200)}.`,
        );
      }
    });
    for await (const row of rows) {
      const raw = row.values[index.get(m.dateColumn)!] ?? '';
      const takenAt = dateOf(raw, m);
      if (!takenAt) {
        const withoutZone = !m.timeZone && raw.trim() !== '' && importTime(raw, 'UTC') !== undefined;
        yield withoutZone
          ? {
              kind: 'refused',
              line: row.line,
              code: 'date_without_zone',
              reason: 'The time has no UTC offset and the mapping names no time zone.',
            }
          : {
              kind: 'refused',
              line: row.line,
              code: 'bad_date',
              reason: 'The date is not in the chosen format.',
            };
        continue;
      }
      const measures = m.columns.flatMap((c) => {
        const value = importNumber(row.values[index.get(c.column)!]);
        return value === undefined ? [] : [{ metric: c.metric, value, unit: c.unit }];
      });
      if (measures.length) yield { kind: 'reading', line: row.line, takenAt, measures };
    }
  },
};
