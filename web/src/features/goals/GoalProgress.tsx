import { useTranslation } from 'react-i18next';
import { goalPercent } from './goal-units';

/**
 * Progress towards a goal as a labelled meter and words (never the bar alone): "6,200 of 10,000 steps (62%)".
 */
export function GoalProgress({
  kind,
  current,
  goal,
  currentText,
  goalText,
}: {
  kind: 'steps' | 'sleep_duration';
  current: number;
  goal: number;
  currentText: string;
  goalText: string;
}) {
  const { t } = useTranslation();
  const percent = goalPercent(current, goal);
  const text = t('goals.progress', { current: currentText, goal: goalText, percent });
  return (
    <div className="goal-progress" data-testid={`goal-progress-${kind}`}>
      <progress max={100} value={percent} aria-label={t(`goals.kinds.${kind}`)} aria-valuetext={text} />
      <p className="muted">{current >= goal ? t('goals.reached', { goal: goalText }) : text}</p>
    </div>
  );
}

/** Weight against a target: how far there is still to go, either way. */
export function WeightTargetText({
  diffText,
  reached,
  targetText,
}: {
  diffText: string;
  reached: boolean;
  targetText: string;
}) {
  const { t } = useTranslation();
  return (
    <p className="muted" data-testid="goal-progress-weight">
      {reached
        ? t('goals.weightReached', { target: targetText })
        : t('goals.weightToGo', { diff: diffText, target: targetText })}
    </p>
  );
}
