import { useTranslation } from 'react-i18next';
import { useDateInput } from '../../i18n/date-input';
import { useFormat } from '../../i18n/format';
import { hasNext, type ChartPeriod } from './period';
import type { ZoomWindow } from './views/view-props';

/** The period in words: "Saturday 5 December 2026", "30 Nov – 6 Dec 2026", "December 2026", "2026". */
function usePeriodLabel() {
  const { t } = useTranslation();
  const { locale } = useFormat();
  return (p: ChartPeriod) => {
    const at = (d: string) => new Date(`${d}T12:00:00Z`);
    const f = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...o, timeZone: 'UTC' });
    switch (p.range) {
      case 'day':
        return f({ dateStyle: 'full' }).format(at(p.date));
      case 'week':
        return f({ dateStyle: 'medium' }).formatRange(at(p.firstDay), at(p.lastDay));
      case 'month':
        return f({ month: 'long', year: 'numeric' }).format(at(p.date));
      case 'year':
        return p.date.slice(0, 4);
      case 'all':
        return t('health.period.all', { date: f({ dateStyle: 'medium' }).format(at(p.lastDay)) });
    }
  };
}

/** Previous / next period, the period in words, and a date picker to go anywhere in time. */
export function PeriodNav({
  period,
  today,
  onDate,
}: {
  period: ChartPeriod;
  today: string;
  onDate: (date: string, step?: -1 | 1) => void;
}) {
  const { t } = useTranslation();
  const label = usePeriodLabel();
  const movable = period.range !== 'all';
  // In the app's language (jj/mm/aaaa), not the browser's: web/src/i18n/date-input.ts.
  const goTo = useDateInput(period.date, (date) => date && onDate(date), { max: today });
  return (
    <nav className="period-nav" aria-label={t('health.period.nav')}>
      {movable && (
        <button type="button" className="button" onClick={() => onDate(period.date, -1)}>
          <span aria-hidden="true">←</span>
          <span className="period-step-words"> {t(`health.period.previous.${period.range}`)}</span>
        </button>
      )}
      <p className="period-label" aria-live="polite" data-testid="period-label">
        {label(period)}
      </p>
      {movable && (
        <button
          type="button"
          className="button"
          disabled={!hasNext(period, today)}
          onClick={() => onDate(period.date, 1)}
        >
          <span className="period-step-words">{t(`health.period.next.${period.range}`)} </span>
          <span aria-hidden="true">→</span>
        </button>
      )}
      {movable && (
        <label className="period-date">
          {t('health.period.goTo')}
          <input {...goTo} />
        </label>
      )}
      {movable && period.date !== today && (
        <button type="button" className="link-button" onClick={() => onDate(today)}>
          {t('health.period.today')}
        </button>
      )}
    </nav>
  );
}

/** Says how to zoom (visible and to screen readers), and when zoomed, to what, with the way back. */
export function ZoomBar({ zoom, onReset }: { zoom: ZoomWindow | undefined; onReset: () => void }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  return (
    <div className="zoom-bar">
      <p className="muted" id="zoom-hint" aria-live="polite" data-testid="zoom-state">
        {zoom
          ? t('health.zoom.zoomed', { from: dateTime(zoom.from), to: dateTime(zoom.to) })
          : t('health.zoom.hint')}
      </p>
      {zoom && (
        <button type="button" className="button" onClick={onReset}>
          {t('health.zoom.reset')}
        </button>
      )}
    </div>
  );
}
