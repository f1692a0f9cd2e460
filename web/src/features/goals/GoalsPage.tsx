import { type GoalKind, goalKinds } from '@vitalbase/core/goals';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, formValues, Notice, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useUnits } from '../health/use-units';
import { type Goal, useDeleteGoal, useGoals, useSetGoal } from './queries';
import { goalFromInput, goalInputUnit, goalToInput } from './goal-units';

/** Steps per day, sleep per night and a target weight, each in the user's own units. */
export function GoalsPage() {
  const { t } = useTranslation();
  useTitle(t('goals.title'));
  const goals = useGoals();
  return (
    <>
      <h1>{t('goals.title')}</h1>
      <p>{t('goals.help')}</p>
      <FormError error={goals.error} />
      {goals.isPending && <p className="loading">{t('common.loading')}</p>}
      {goals.data &&
        goalKinds.map((kind) => (
          <GoalForm key={kind} kind={kind} goal={goals.data.goals.find((g) => g.kind === kind)} />
        ))}
    </>
  );
}

function GoalForm({ kind, goal }: { kind: GoalKind; goal: Goal | undefined }) {
  const { t } = useTranslation();
  const { number } = useFormat();
  const prefs = useUnits();
  const save = useSetGoal();
  const remove = useDeleteGoal();
  const [problem, setProblem] = useState<string>();
  const unit = goalInputUnit(kind, prefs);
  const unitLabel = t(`goals.units.${unit}`, { defaultValue: unit });
  const headingId = `goal-${kind}`;

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    remove.reset();
    const parsed = goalFromInput(kind, formValues(e.currentTarget).value ?? '', prefs);
    if ('problem' in parsed) {
      setProblem(
        t(`goals.problems.${parsed.problem}`, {
          min: number(parsed.min),
          max: number(parsed.max),
          unit: unitLabel,
        }),
      );
      return;
    }
    setProblem(undefined);
    save.mutate({ kind, value: parsed.value });
  };

  return (
    <section className="card" aria-labelledby={headingId} data-goal={kind}>
      <h2 id={headingId}>{t(`goals.kinds.${kind}`)}</h2>
      <form onSubmit={submit} noValidate>
        <Field
          // A new key once the saved value changes, so the input shows what the server keeps.
          key={`${goal?.value ?? 'none'}-${unit}`}
          label={`${t(`goals.labels.${kind}`)} (${unitLabel})`}
          name="value"
          inputMode="decimal"
          autoComplete="off"
          defaultValue={goal ? String(goalToInput(kind, goal.value, prefs)) : ''}
          error={problem}
        />
        <FormError error={save.error ?? remove.error} />
        {save.isSuccess && !problem && <Notice tone="success">{t('goals.saved')}</Notice>}
        {remove.isSuccess && <Notice tone="success">{t('goals.removed')}</Notice>}
        <div className="actions">
          <SubmitButton busy={save.isPending}>{t('goals.save')}</SubmitButton>
          {goal && (
            <button
              type="button"
              className="button"
              disabled={remove.isPending}
              onClick={() => {
                save.reset();
                remove.mutate(kind);
              }}
            >
              {t('goals.remove')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
