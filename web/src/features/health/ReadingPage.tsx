import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { Field, FormError, formValues, Notice, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { type ReadingOut, useDeleteReading, useEditReading, useReading } from './queries';
import { useDevices } from '../devices/queries';
import { NoteEditor } from './NoteEditor';
import { NoDiagnosisNotice, ReadingSummary, useMeasureFormat, useMetricName } from './parts';
import { fromInputAtOffset, inReadingOrder, toInputAtOffset } from './readings';
import { displayUnit, toDisplay, toStored } from './units';
import { useUnits } from './use-units';

/** One reading: correct its time or values (the original is kept by the server), or delete it (P8). */
export function ReadingPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const reading = useReading(id);
  const missing =
    reading.error instanceof ApiError && (reading.error.status === 404 || reading.error.status === 400);
  useTitle(missing ? t('health.notFound') : t('health.reading.title'));
  return (
    <>
      <p>
        <Link to="/timeline">{t('health.timeline.back')}</Link>
      </p>
      {missing ? (
        <>
          <h1>{t('health.notFound')}</h1>
          <p>{t('health.reading.notFound')}</p>
        </>
      ) : (
        <>
          <h1>{t('health.reading.title')}</h1>
          {!missing && <FormError error={reading.error} />}
          {reading.data && <ReadingEditor reading={reading.data} />}
          {reading.data && <NoteEditor reading={reading.data} />}
          <NoDiagnosisNotice />
        </>
      )}
    </>
  );
}

function ReadingEditor({ reading }: { reading: ReadingOut }) {
  const { t, i18n } = useTranslation();
  const name = useMetricName();
  const fmt = useMeasureFormat();
  const prefs = useUnits();
  const { readingTime } = useFormat();
  const navigate = useNavigate();
  const save = useEditReading(reading.id);
  const remove = useDeleteReading({ onSuccess: () => navigate('/timeline') });
  const devices = useDevices();
  // The device's name as the user knows it, never its id.
  const device = reading.deviceId ? devices.data?.find((d) => d.id === reading.deviceId)?.name : undefined;

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const takenAt = fromInputAtOffset(v.takenAt ?? '', reading.utcOffsetMinutes);
    // Only what the user changed is sent: a value shown rounded is not "corrected" by saving it as shown.
    const measures = reading.measures.flatMap((m) => {
      const shown = Number((v[m.metric] ?? '').replace(',', '.'));
      if (shown === toDisplay(m.metric, m.value, prefs)) return [];
      return [
        {
          metric: m.metric,
          value: Number.isFinite(shown) ? toStored(m.metric, shown, prefs) : Number.NaN,
          unit: m.unit,
        },
      ];
    });
    if (!takenAt || measures.some((m) => Number.isNaN(m.value))) return;
    const moved = v.takenAt !== toInputAtOffset(reading.takenAt, reading.utcOffsetMinutes);
    if (!moved && measures.length === 0) return;
    save.mutate({ ...(moved ? { takenAt } : {}), ...(measures.length ? { measures } : {}) });
  };

  return (
    <section className="card">
      <ReadingSummary measures={reading.measures} />
      <dl className="facts">
        <div>
          <dt>{t('health.timeline.when')}</dt>
          <dd>{readingTime(reading.takenAt, reading.utcOffsetMinutes)}</dd>
        </div>
        <div>
          <dt>{t('health.reading.source')}</dt>
          <dd>{t(`health.sources.${reading.source}`, { defaultValue: reading.source })}</dd>
        </div>
        {device && (
          <div>
            <dt>{t('health.reading.device')}</dt>
            <dd>{device}</dd>
          </div>
        )}
        {inReadingOrder(reading.measures).map((m) => (
          <div key={m.metric}>
            <dt>{name(m.metric)}</dt>
            <dd data-testid={`value-${m.metric}`}>
              {fmt(m.metric, m.value)}
              {m.correction && (
                <span className="muted">
                  {' '}
                  {t('health.reading.original', { value: fmt(m.metric, m.correction.originalValue) })}
                </span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <h2>{t('health.reading.edit')}</h2>
      <form onSubmit={submit} key={reading.updatedAt}>
        {inReadingOrder(reading.measures).map((m) => (
          <Field
            key={m.metric}
            label={`${name(m.metric)} (${displayUnit(m.metric, prefs, i18n.language)})`}
            name={m.metric}
            inputMode="decimal"
            required
            defaultValue={String(toDisplay(m.metric, m.value, prefs))}
          />
        ))}
        <Field
          label={t('health.add.when')}
          name="takenAt"
          type="datetime-local"
          required
          defaultValue={toInputAtOffset(reading.takenAt, reading.utcOffsetMinutes)}
        />
        <FormError error={save.error ?? remove.error} />
        {save.isSuccess && <Notice tone="success">{t('health.reading.saved')}</Notice>}
        <div className="actions">
          <SubmitButton busy={save.isPending}>{t('common.save')}</SubmitButton>
          <button
            type="button"
            className="button danger"
            onClick={() => remove.mutate(reading)}
            disabled={remove.isPending}
          >
            {t('health.timeline.delete')}
          </button>
        </div>
      </form>
    </section>
  );
}
