import type { checkPasswordStrength } from '@vitalbase/core/password-strength';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

type Check = typeof checkPasswordStrength;

/**
 * The very rule the server enforces (core's checkPasswordStrength), computed in the browser. Its
 * dictionaries weigh ~650 KB compressed: they are fetched at the first character typed, not when the
 * page opens, so a visitor who reads the sign-up page does not download them (the bundle budget,
 * scripts/check-bundle-size.mjs, holds the page to 300 KB).
 */
export function PasswordStrengthMeter({ password, userInputs }: { password: string; userInputs: string[] }) {
  const { t, i18n } = useTranslation();
  const deferred = useDeferredValue(password);
  const [check, setCheck] = useState<Check | null>(null);
  const wanted = deferred.length > 0;
  useEffect(() => {
    if (!wanted || check) return;
    let live = true;
    void import('@vitalbase/core/password-strength').then((m) => {
      if (live) setCheck(() => m.checkPasswordStrength);
    });
    return () => {
      live = false;
    };
  }, [wanted, check]);
  const inputsKey = userInputs.join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: inputsKey stands for userInputs' content
  const result = useMemo(
    () => (deferred && check ? check(deferred, userInputs) : null),
    [deferred, inputsKey, check],
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
