import { getMetric } from '@vitalbase/core/health-data/catalog';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/queries';
import { useFormat } from '../../i18n/format';
import type { Range, Trend } from './chart-data';
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

export function useTimeZone(): string | undefined {
  const { data: me } = useMe();
  const tz = me?.timeZone;
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
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

const arrows: Record<Trend, string> = { up: '↑', down: '↓', steady: '→' };

/** A trend as an arrow and words (never the arrow alone). */
export function TrendText({ trend }: { trend: Trend | undefined }) {
  const { t } = useTranslation();
  if (!trend) return <span className="muted">{t('health.trend.none')}</span>;
  return (
    <span className={`trend trend-${trend}`}>
      <span aria-hidden="true">{arrows[trend]} </span>
      {t(`health.trend.${trend}`)}
    </span>
  );
}
