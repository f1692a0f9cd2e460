import { getMetric } from '@vitalbase/core/health-data/catalog';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { FormError, SelectField } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useDateInput } from '../../i18n/date-input';
import { useFormat } from '../../i18n/format';
import { useDevices } from '../devices/queries';
import { AddReadingForm } from './AddReadingForm';
import { NoDiagnosisNotice, ReadingSummary, useMetricName } from './parts';
import {
  type ReadingOut,
  readingAgain,
  useAddReading,
  useDeleteReading,
  useAdjacentDay,
  useLatest,
  useTimelineDay,
} from './queries';
import { addDays, parseDay } from './readings';

/**
 * Every reading, one local day at a time (`?day=YYYY-MM-DD`, today by default; older and newer go to
 * the nearest day holding readings, over the empty ones), filterable by metric (`?metric=`); add (collapsed until asked for), open, delete with
 * undo (P8).
 */
export function TimelinePage() {
  const { t } = useTranslation();
  useTitle(t('health.timeline.title'));
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const filter = params.get('metric') ?? '';
  const today = f.today();
  const day = parseDay(params.get('day')) ?? today;
  // In the app's language (jj/mm/aaaa), not the browser's: web/src/i18n/date-input.ts.
  const goTo = useDateInput(
    day,
    (value) => {
      const d = parseDay(value);
      if (d) setParams(new URLSearchParams(go({ day: d === today ? undefined : d })));
    },
    { max: today },
  );
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
  const readings = useTimelineDay(metrics, day, latest.isSuccess);
  const older = useAdjacentDay(metrics, day, 'older', latest.isSuccess);
  const newer = useAdjacentDay(metrics, day, 'newer', latest.isSuccess && day < today);
  // The nearest day with readings (none newer: today); until the server answers, the next day.
  const olderDay = older.isSuccess ? older.data : addDays(day, -1);
  const newerDay = newer.isSuccess
    ? newer.data && newer.data < today
      ? newer.data
      : today
    : addDays(day, 1);

  const [deleted, setDeleted] = useState<ReadingOut>();
  const remove = useDeleteReading({ onSuccess: setDeleted });
  // Undo puts the same values back at the same time, as a new reading the user entered.
  const undo = useAddReading({ onSuccess: () => setDeleted(undefined) });
  const name = useMetricName();

  const go = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    return `?${p.toString()}`;
  };

  return (
    <>
      <h1>{t('health.timeline.title')}</h1>
      <AddDisclosure />
      <section className="card" aria-labelledby="timeline-list">
        <h2 id="timeline-list">{t('health.timeline.recent', { date: f.date(day) })}</h2>
        <nav className="day-pager" aria-label={t('health.timeline.days')}>
          {olderDay && (
            <Link className="button" to={go({ day: olderDay })} rel="prev" data-testid="older-day">
              <span aria-hidden="true">← </span>
              {t('health.timeline.older')}
            </Link>
          )}
          {day < today && (
            <>
              <Link
                className="button"
                to={go({ day: newerDay === today ? undefined : newerDay })}
                rel="next"
                data-testid="newer-day"
              >
                {t('health.timeline.newer')}
                <span aria-hidden="true"> →</span>
              </Link>
              <Link className="button" to={go({ day: undefined })}>
                {t('health.timeline.today')}
              </Link>
            </>
          )}
          <label className="day-picker">
            {t('health.timeline.goTo')} <input {...goTo} />
          </label>
        </nav>
        <SelectField
          label={t('health.timeline.filter')}
          name="metric"
          value={filter}
          onChange={(e) => setParams(new URLSearchParams(go({ metric: e.target.value })), { replace: true })}
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
        {readings.isPending && latest.isSuccess && metrics.length > 0 && (
          <p className="loading">{t('common.loading')}</p>
        )}
        {((readings.data && !readings.isPlaceholderData) || (latest.isSuccess && metrics.length === 0)) &&
          (readings.data ?? []).length === 0 && <p className="muted">{t('health.timeline.empty')}</p>}
        <TimelineList
          rows={readings.data ?? []}
          onDelete={(r) => remove.mutate(r)}
          deleting={remove.isPending}
        />
      </section>
      <NoDiagnosisNotice />
    </>
  );
}

/** The add form stays out of the way until asked for: the page is first for reading. */
function AddDisclosure() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="add-disclosure">
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">{open ? '− ' : '+ '}</span>
        {t('health.add.title')}
      </button>
      <div id={id} hidden={!open}>
        {open && <AddReadingForm />}
      </div>
    </div>
  );
}

function TimelineList({
  rows,
  onDelete,
  deleting,
}: {
  rows: ReadingOut[];
  onDelete: (r: ReadingOut) => void;
  deleting: boolean;
}) {
  const { t } = useTranslation();
  const { readingTime } = useFormat();
  const devices = useDevices();
  const deviceName = (id: string | null) => (id ? devices.data?.find((d) => d.id === id)?.name : undefined);
  return (
    <ul className="item-list timeline" data-testid="timeline">
      {rows.map((r) => {
        const time = readingTime(r.takenAt, r.utcOffsetMinutes, { timeStyle: 'short' });
        return (
          <li key={r.id} className="item" data-reading={r.id}>
            <div>
              <p className="timeline-head">
                <Link to={`/readings/${r.id}`}>{time}</Link>
                <span className="tag">
                  {deviceName(r.deviceId) ?? t(`health.sources.${r.source}`, { defaultValue: r.source })}
                </span>
                {r.measures.some((m) => m.correction) && (
                  <span className="tag">{t('health.reading.corrected')}</span>
                )}
              </p>
              <ReadingSummary measures={r.measures} />
              {r.annotation && <ReadingNote note={r.annotation.note} tags={r.annotation.tags} />}
            </div>
            <button
              type="button"
              className="button"
              onClick={() => onDelete(r)}
              disabled={deleting}
              aria-label={t('health.timeline.deleteOne', {
                time: readingTime(r.takenAt, r.utcOffsetMinutes),
              })}
            >
              {t('health.timeline.delete')}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** The user's note and tags under a reading. */
function ReadingNote({ note, tags }: { note: string; tags: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <div className="reading-note" data-testid="reading-note">
      {note && <p className="note-text">{note}</p>}
      {tags.length > 0 && (
        <ul className="tag-list" aria-label={t('health.timeline.tags')}>
          {tags.map((tag) => (
            <li key={tag} className="tag">
              #{tag}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
