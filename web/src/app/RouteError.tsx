import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router-dom';
import { onReconnect, reportUnreachable } from '../api/connection';

/** A page's code that could not be fetched (the server out of reach), as browsers report it. */
const isChunkLoadFailure = (error: unknown) =>
  error instanceof TypeError &&
  /dynamically imported module|Importing a module script failed/i.test(error.message);

/**
 * A page that could not open, inside the layout (the navigation stays). When its code could not be
 * fetched, the connection banner takes over and the page reloads itself once the server answers.
 */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const unreachable = isChunkLoadFailure(error);
  useEffect(() => {
    if (!unreachable) return;
    reportUnreachable();
    return onReconnect(() => window.location.reload());
  }, [unreachable]);
  return (
    <section className="card">
      <h1>{t('routeError.title')}</h1>
      <p>{unreachable ? t('routeError.unreachable') : t('errors.unexpected')}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {t('routeError.reload')}
      </button>
    </section>
  );
}
