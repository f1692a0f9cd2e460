import { getMetric } from '@vitalbase/core/health-data/catalog';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Field,
  FormError,
  fieldErrorsOf,
  formValues,
  Notice,
  SelectField,
  SubmitButton,
} from '../../components/forms';
import { useAddReading } from './queries';
import { useMetricName } from './parts';
import { fromLocalInput, toLocalInput } from './readings';
import { displayUnit, parseFeetAndInches, toStored } from './units';
import { useUnits } from './use-units';

/** What a person may type in by hand; blood pressure is one reading of two values. */
const choices = [
  'weight',
  'blood_pressure',
  'heart_rate',
  'body_temperature',
  'spo2',
  'fat_ratio',
  'steps',
  'height',
] as const;

/** Adds a reading by hand (source manual), in the user's units. */
export function AddReadingForm() {
  const { t, i18n } = useTranslation();
  const name = useMetricName();
  const prefs = useUnits();
  const [kind, setKind] = useState<(typeof choices)[number]>('weight');
  const [localError, setLocalError] = useState<string>();
  const add = useAddReading();
  const inFeet = (m: string) => m === 'height' && prefs.height === 'ft_in';
  const metricsOf = (k: string) => (k === 'blood_pressure' ? ['systolic_bp', 'diastolic_bp'] : [k]);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const takenAt = fromLocalInput(v.takenAt ?? '');
    const measures = metricsOf(kind).map((m) => {
      // A height in feet and inches is typed as people write it ("5 ft 9 in", 5'9"): parsed to metres.
      if (inFeet(m)) {
        const metres = parseFeetAndInches(v[m] ?? '') ?? Number.NaN;
        return { metric: m, value: metres, shown: metres };
      }
      const shown = Number((v[m] ?? '').replace(',', '.'));
      return { metric: m, value: toStored(m, shown, prefs), shown };
    });
    if (!takenAt || measures.some((m) => !Number.isFinite(m.shown) || (v[m.metric] ?? '').trim() === '')) {
      setLocalError(t('health.add.incomplete'));
      return;
    }
    setLocalError(undefined);
    // The value goes in the canonical unit, so the server stores exactly what we converted.
    const canonical = measures.map(({ metric, value }) => ({ metric, value, unit: canonicalUnit(metric) }));
    add.mutate({ takenAt, measures: canonical });
  };
  const errors = fieldErrorsOf(add.error);

  return (
    <section className="card" aria-labelledby="add-reading">
      <h2 id="add-reading">{t('health.add.title')}</h2>
      <form onSubmit={submit} noValidate>
        <SelectField
          label={t('health.add.what')}
          name="kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as typeof kind)}
        >
          {choices.map((c) => (
            <option key={c} value={c}>
              {name(c)}
            </option>
          ))}
        </SelectField>
        {metricsOf(kind).map((m) => (
          <Field
            key={m}
            label={`${name(m)} (${inFeet(m) ? 'ft in' : displayUnit(m, prefs, i18n.language)})`}
            name={m}
            inputMode={inFeet(m) ? 'text' : 'decimal'}
            autoComplete="off"
            error={errors['measures.0.value']}
          />
        ))}
        <Field
          label={t('health.add.when')}
          name="takenAt"
          type="datetime-local"
          defaultValue={toLocalInput(new Date().toISOString())}
        />
        {localError && (
          <div className="alert alert-error" role="alert">
            {localError}
          </div>
        )}
        <FormError error={add.error} />
        {add.isSuccess && <Notice tone="success">{t('health.add.done')}</Notice>}
        <SubmitButton busy={add.isPending}>{t('health.add.submit')}</SubmitButton>
      </form>
    </section>
  );
}

function canonicalUnit(metric: string): string {
  return getMetric(metric)?.unit ?? '';
}
