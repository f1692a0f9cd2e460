import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useDismissSecondFactorNudge, usePreferences } from '../account/queries';

/**
 * "Protect your account": shown to an account without a second factor until they turn one on or say
 * "Not now" (remembered for the account, in every browser). Never on the security page itself, where
 * the second factor is set up.
 */
export function SecondFactorNudge() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const preferences = usePreferences();
  const dismiss = useDismissSecondFactorNudge();
  // Not before the preferences are known (no flash of a banner already dismissed).
  if (pathname.startsWith('/security') || !preferences.data) return null;
  if (preferences.data.secondFactorNudgeDismissedAt || dismiss.isSuccess) return null;
  return (
    <div className="alert alert-info banner-second-factor" role="status">
      <span>{t('shell.secondFactorRecommended')}</span>{' '}
      <Link to="/security#second-factor">{t('shell.turnOnSecondFactor')}</Link>{' '}
      <button
        type="button"
        className="link-button"
        onClick={() => dismiss.mutate()}
        disabled={dismiss.isPending}
      >
        {t('shell.dismissSecondFactor')}
      </button>
    </div>
  );
}
