import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { probe, useServerReachable } from '../api/connection';

/**
 * Says when the server cannot be reached, that the page keeps trying, and when it is back. The live
 * region is always in the page (an empty one when all is well), so screen readers announce a change.
 */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const reachable = useServerReachable();
  const [wasDown, setWasDown] = useState(false);
  const [online, setOnline] = useState(() => navigator.onLine);

  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);

  // "Connected again" stays a few seconds after an outage, then the banner goes.
  useEffect(() => {
    if (!reachable) return setWasDown(true);
    const timer = setTimeout(() => setWasDown(false), 5000);
    return () => clearTimeout(timer);
  }, [reachable]);

  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      {!reachable ? (
        <div className="alert alert-warning">
          <span>{online ? t('connection.unreachable') : t('connection.offline')}</span>{' '}
          <button type="button" className="link-button" onClick={() => void probe()}>
            {t('connection.retryNow')}
          </button>
        </div>
      ) : (
        wasDown && <div className="alert alert-success">{t('connection.back')}</div>
      )}
    </div>
  );
}
