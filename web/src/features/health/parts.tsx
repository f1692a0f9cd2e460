import { getMetric } from '@vitalbase/core/health-data/catalog';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { frenchSpacing } from '../../i18n/typography';
import type { Range } from './chart-data';
import { readingParts } from './readings';
import { ranges } from './chart-data';
import { formatMeasure } from './units';
import { useUnits } from './use-units';

/** Terms 2.11: readings are information, never a diagnosis. Shown wherever readings are. */
export function NoDiagnosisNotice() {
  const { t } = useTranslation();
  return (
    <p className="notice" role="note">
      {t('health.noDiagnosis')}
    </p>
  );
}

/** A metric's name in the interface language (the catalog's English label otherwise). */
export function useMetricName() {
  const { t } = useTranslation();
  return (metric: string) =>
    t(`health.metrics.${metric}`, { defaultValue: getMetric(metric)?.label ?? metric });
}

/** Formats a canonical value in the user's units and language. */
export function useMeasureFormat() {
  const prefs = useUnits();
  const { locale } = useFormat();
  return (metric: string, value: number) => formatMeasure(metric, value, prefs, locale);
}

export function RangePicker({ value, onChange }: { value: Range; onChange: (r: Range) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="range-picker">
      <legend className="visually-hidden">{t('health.range.label')}</legend>
      {ranges.map((r) => (
        <button
          key={r}
          type="button"
          className="button"
          aria-pressed={value === r}
          onClick={() => onChange(r)}
        >
          {t(`health.range.${r}`)}
        </button>
      ))}
    </fieldset>
  );
}

/**
 * A reading's values as a person reads them: "Blood pressure 117/80 mmHg · 60 bpm", "Weight 80.2 kg
 * · Fat ratio 21.4%" (readings.ts `readingParts`), in the user's units.
 */
export function ReadingSummary({ measures }: { measures: ReadonlyArray<{ metric: string; value: number }> }) {
  const name = useMetricName();
  const fmt = useMeasureFormat();
  const { locale } = useFormat();
  const [first, ...rest] = readingParts(measures, fmt);
  if (!first) return null;
  const text = [first.text, ...rest.map((p) => (p.named ? `${name(p.metric)} ${p.text}` : p.text))].join(
    ' · ',
  );
  return (
    <p className="measures" data-testid="reading-summary">
      <strong>{name(first.metric)}</strong> {locale.startsWith('fr') ? frenchSpacing(text) : text}
    </p>
  );
}
