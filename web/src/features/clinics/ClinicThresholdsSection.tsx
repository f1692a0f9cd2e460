import { monitoredMetrics, type Threshold } from '@vitalbase/core/clinic-monitoring';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, formValues, Notice, SubmitButton } from '../../components/forms';
import { useSetThreshold, useThresholds } from './queries';

/**
 * The patient's alert thresholds (issue #15), one per shared category: the programme preset until
 * changed. Staff allowed to (`thresholds`: administrators and clinicians) edit the limits, in the
 * metric's canonical unit, or put the preset back.
 */
export function ClinicThresholdsSection(props: { clinicId: string; patientId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const thresholds = useThresholds(props.clinicId, props.patientId);
  const list = thresholds.data?.thresholds ?? [];
  return (
    <section className="card" aria-labelledby="thresholds-title">
      <h2 id="thresholds-title">{t('clinics.thresholds.title')}</h2>
      <FormError error={thresholds.error} />
      {thresholds.isSuccess && list.length === 0 && <p className="muted">{t('clinics.thresholds.none')}</p>}
      {list.map((th) => (
        <ThresholdForm key={th.metric} {...props} threshold={th} />
      ))}
    </section>
  );
}

function ThresholdForm(props: {
  clinicId: string;
  patientId: string;
  canEdit: boolean;
  threshold: Threshold;
}) {
  const { t } = useTranslation();
  const set = useSetThreshold(props.clinicId, props.patientId);
  const th = props.threshold;
  const name = t(`clinics.alerts.metrics.${th.metric}`);
  const origin =
    th.preset === 'custom' ? t('clinics.thresholds.custom') : t(`clinics.thresholds.presets.${th.preset}`);
  const unit = th.metric === 'weight_gain' ? 'kg' : th.unit;
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const values = formValues(e.currentTarget);
    const limits = Object.fromEntries(Object.keys(th.limits).map((k) => [k, Number(values[k])]));
    set.mutate({ metric: th.metric, body: { limits } });
  };
  return (
    <form aria-label={name} onSubmit={onSubmit} className="threshold">
      <h3>
        {name} <span className="muted">· {origin}</span>
      </h3>
      <FormError error={set.error} />
      {set.isSuccess && <Notice>{t('clinics.thresholds.saved')}</Notice>}
      {Object.entries(th.limits).map(([k, v]) => (
        <Field
          key={`${k}-${v}`}
          label={`${t(`clinics.thresholds.limits.${k}`)} (${unit})`}
          name={k}
          type="number"
          step="any"
          inputMode="decimal"
          defaultValue={v}
          readOnly={!props.canEdit}
          required
        />
      ))}
      {props.canEdit && (
        <p>
          <SubmitButton busy={set.isPending}>{t('clinics.thresholds.save')}</SubmitButton>{' '}
          {th.preset === 'custom' && (
            <button
              type="button"
              disabled={set.isPending}
              onClick={() =>
                set.mutate({ metric: th.metric, body: { preset: monitoredMetrics[th.metric].preset } })
              }
            >
              {t('clinics.thresholds.reset')}
            </button>
          )}
        </p>
      )}
    </form>
  );
}
