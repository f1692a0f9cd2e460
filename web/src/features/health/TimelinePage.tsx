import { getMetric } from '@vitalbase/core/health-data/catalog';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { FormError, SelectField } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import {
  type ReadingOut,
  readingAgain,
  TIMELINE_WINDOW,
  useAddReading,
  useDeleteReading,
  useLatest,
  useTimeline,
} from './queries';
import { AddReadingForm } from './AddReadingForm';
import { NoDiagnosisNotice, useMeasureFormat, useMetricName } from './parts';

const DAY = 86_400_000;

/** Every reading, newest first, 30 days at a time ("show older" goes further back), filterable by metric; add, edit, delete with undo (P8). */
export function TimelinePage() {
  const { t } = useTranslation();
  useTitle(t('health.timeline.title'));
  const name = useMetricName();
  const fmt = useMeasureFormat();
  const { dateTime } = useFormat();
  const [params, setParams] = useSearchParams();
  const filter = params.get('metric') ?? '';
  const latest = useLatest();
  const readingMetrics = useMemo(
    () =>
      (latest.data?.raw ?? [])
        // Series metrics too: a watch's heart rate may also have readings typed in by hand.
        .filter(
          (v) =>
            getMetric(v.metric) &&
            getMetric(v.metric)?.category !== 'technical' &&
            v.metric !== 'diastolic_bp',
        )
        .map((v) => v.metric),
    [latest.data],
  );
  const metrics = filter ? [filter] : readingMetrics;
  // Pages of 30 days going back from tomorrow (device clocks run ahead): "show older" adds one.
  const [end] = useState(() => Date.now() + DAY);
  const readings = useTimeline(metrics, end, latest.isSuccess);
  const rows = readings.data?.pages.flat();
  const since = new Date(end - (readings.data?.pages.length ?? 1) * TIMELINE_WINDOW).toISOString();

  const [deleted, setDeleted] = useState<ReadingOut>();
  const remove = useDeleteReading({ onSuccess: setDeleted });
  // Undo puts the same values back at the same time, as a new reading the user entered.
  const undo = useAddReading({ onSuccess: () => setDeleted(undefined) });

  return (
    <>
      <h1>{t('health.timeline.title')}</h1>
      <AddReadingForm />
      <section className="card" aria-labelledby="timeline-list">
        <h2 id="timeline-list">{t('health.timeline.recent')}</h2>
        <SelectField
          label={t('health.timeline.filter')}
          name="metric"
          value={filter}
          onChange={(e) => setParams(e.target.value ? { metric: e.target.value } : {}, { replace: true })}
        >
          <option value="">{t('health.timeline.all')}</option>
          {[...new Set([...readingMetrics, ...(filter ? [filter] : [])])].map((m) => (
            <option key={m} value={m}>
              {name(m)}
            </option>
          ))}
        </SelectField>
        <div aria-live="polite">
          {deleted && (
            <div className="alert alert-info undo" role="status">
              {t('health.timeline.deleted')}{' '}
              <button
                type="button"
                className="button"
                onClick={() => undo.mutate(readingAgain(deleted))}
                disabled={undo.isPending}
              >
                {t('health.timeline.undo')}
              </button>
            </div>
          )}
        </div>
        <FormError error={readings.error ?? remove.error ?? undo.error ?? latest.error} />
        {rows && rows.length === 0 && <p className="muted">{t('health.timeline.empty')}</p>}
        <ul className="item-list timeline" data-testid="timeline">
          {rows?.map((r) => (
            <li key={r.id} className="item" data-reading={r.id}>
              <div>
                <Link to={`/readings/${r.id}`}>{dateTime(r.takenAt)}</Link>
                <span className="tag">{t(`health.sources.${r.source}`, { defaultValue: r.source })}</span>
                {r.measures.some((m) => m.correction) && (
                  <span className="tag">{t('health.reading.corrected')}</span>
                )}
              </div>
              <div className="measures">
                {r.measures.map((m) => (
                  <span key={m.metric}>
                    {name(m.metric)}: <strong>{fmt(m.metric, m.value)}</strong>
                  </span>
                ))}
              </div>
              <button
                type="button"
                className="button"
                onClick={() => remove.mutate(r)}
                disabled={remove.isPending}
                aria-label={t('health.timeline.deleteOne', { time: dateTime(r.takenAt) })}
              >
                {t('health.timeline.delete')}
              </button>
            </li>
          ))}
        </ul>
        {readings.isSuccess && (
          <div className="actions">
            <p className="muted">{t('health.timeline.since', { date: dateTime(since) })}</p>
            <button
              type="button"
              className="button"
              onClick={() => void readings.fetchNextPage()}
              disabled={readings.isFetchingNextPage}
            >
              {t('health.timeline.older')}
            </button>
          </div>
        )}
      </section>
      <NoDiagnosisNotice />
    </>
  );
}
