import { checkPasswordStrength } from '@vitalbase/core/password-strength';
import { useDeferredValue, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The very rule the server enforces (core's checkPasswordStrength), computed in the browser. This
 * module is loaded lazily, so its dictionaries do not weigh on the first page load.
 */
export function PasswordStrengthMeter({ password, userInputs }: { password: string; userInputs: string[] }) {
  const { t, i18n } = useTranslation();
  const deferred = useDeferredValue(password);
  const inputsKey = userInputs.join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: inputsKey stands for userInputs' content
  const result = useMemo(
    () => (deferred ? checkPasswordStrength(deferred, userInputs) : null),
    [deferred, inputsKey],
  );
  if (!result) return <div className="strength" aria-live="polite" />;
  const level = Math.max(0, Math.min(4, result.score));
  const problem = result.problems[0];
  // zxcvbn's own advice exists in English only.
  const advice =
    i18n.language === 'en' ? (result.feedback.warning ?? result.feedback.suggestions[0]) : undefined;
  return (
    <div className="strength" aria-live="polite" data-testid="password-strength">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={level} aria-label={t('password.strength')} />
      <p className={result.ok ? 'strength-ok' : 'strength-weak'}>
        {t(`password.levels.${level}`)} ·{' '}
        {result.ok ? t('password.acceptable') : t(`password.problems.${problem ?? 'weak'}`)}
        {advice ? ` ${advice}` : ''}
      </p>
    </div>
  );
}
