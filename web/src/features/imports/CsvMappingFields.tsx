import { metrics } from '@vitalbase/core/health-data/catalog';
import { type CsvMapping, csvDateFormats } from '@vitalbase/core/imports';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/forms';

/** Metrics a CSV column can be mapped to: those a reading holds (the server checks the same). */
const readingMetrics = metrics.filter((m) => !m.derived && m.shapes.includes('reading'));

/** The first line of a CSV file, read in the browser: its column names for the mapping step. */
export async function csvHeader(file: File): Promise<string[]> {
  const head = await file.slice(0, 64 * 1024).arrayBuffer();
  const bytes = new Uint8Array(head);
  const encoding =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : 'utf-8';
  const line = (
    new TextDecoder(encoding)
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/, 1)[0] ?? ''
  ).trim();
  const unquoted = line.replace(/"[^"]*"/g, '');
  const delimiter = [',', ';', '\t'].sort((a, b) => unquoted.split(b).length - unquoted.split(a).length)[0]!;
  return line.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ''));
}

/**
 * The mapping step of a CSV import: which column holds the date and how it is written, the zone of
 * times written without an offset, and for each other column a metric and its unit (or nothing).
 */
export function CsvMappingFields(props: {
  header: string[];
  mapping: CsvMapping;
  onChange: (m: CsvMapping) => void;
}) {
  const { t } = useTranslation();
  const { header, mapping, onChange } = props;
  const columnOf = (name: string) => mapping.columns.find((c) => c.column === name);
  const setColumn = (name: string, metric: string) => {
    const def = readingMetrics.find((m) => m.id === metric);
    const rest = mapping.columns.filter((c) => c.column !== name);
    onChange({ ...mapping, columns: def ? [...rest, { column: name, metric, unit: def.unit }] : rest });
  };
  const setUnit = (name: string, unit: string) =>
    onChange({ ...mapping, columns: mapping.columns.map((c) => (c.column === name ? { ...c, unit } : c)) });
  return (
    <fieldset className="csv-mapping">
      <legend>{t('imports.csv.title')}</legend>
      <SelectField
        label={t('imports.csv.dateColumn')}
        name="dateColumn"
        value={mapping.dateColumn}
        onChange={(e) => onChange({ ...mapping, dateColumn: e.target.value })}
      >
        {header.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('imports.csv.dateFormat')}
        name="dateFormat"
        value={mapping.dateFormat}
        onChange={(e) => onChange({ ...mapping, dateFormat: e.target.value as CsvMapping['dateFormat'] })}
      >
        {csvDateFormats.map((f) => (
          <option key={f} value={f}>
            {t(`imports.csv.formats.${f.replace(/[^a-z0-9]+/gi, '_')}`, { defaultValue: f })}
          </option>
        ))}
      </SelectField>
      <p className="hint">{t('imports.csv.zone', { zone: mapping.timeZone ?? '—' })}</p>
      {header
        .filter((h) => h !== mapping.dateColumn)
        .map((h) => {
          const col = columnOf(h);
          const def = col && readingMetrics.find((m) => m.id === col.metric);
          return (
            <div key={h} className="csv-column">
              <SelectField
                label={t('imports.csv.column', { column: h })}
                name={`metric-${h}`}
                value={col?.metric ?? ''}
                onChange={(e) => setColumn(h, e.target.value)}
              >
                <option value="">{t('imports.csv.skip')}</option>
                {readingMetrics.map((m) => (
                  <option key={m.id} value={m.id}>
                    {t(`health.metrics.${m.id}`, { defaultValue: m.label })}
                  </option>
                ))}
              </SelectField>
              {def && (
                <SelectField
                  label={t('imports.csv.unit', { column: h })}
                  name={`unit-${h}`}
                  value={col.unit}
                  onChange={(e) => setUnit(h, e.target.value)}
                >
                  {Object.keys(def.units).map((u) => (
                    <option key={u} value={u}>
                      {u}
                    </option>
                  ))}
                </SelectField>
              )}
            </div>
          );
        })}
    </fieldset>
  );
}
