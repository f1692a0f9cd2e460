import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { FormError, Notice, SubmitButton } from '../../components/forms';
import { useOneTimeToken } from '../../components/use-one-time-token';
import { useTitle } from '../../components/use-title';
import { useCancelErasure } from './queries';

/**
 * Opened from the mail sent when the deletion was asked: one button keeps the account (a link alone
 * does nothing, so a mail scanner following it cannot cancel by accident).
 */
export function CancelErasurePage() {
  const { t } = useTranslation();
  useTitle(t('erasure.cancelTitle'));
  const token = useOneTimeToken();
  const cancel = useCancelErasure(token);
  return (
    <section className="card">
      <h1>{t('erasure.cancelTitle')}</h1>
      {!token && <Notice tone="warning">{t('common.linkIncomplete')}</Notice>}
      {cancel.isSuccess ? (
        <Notice tone="success">{t('erasure.cancelled')}</Notice>
      ) : (
        token && (
          <>
            <p>{t('erasure.cancelExplain')}</p>
            <FormError error={cancel.error} />
            <form
              onSubmit={(e) => {
                e.preventDefault();
                cancel.mutate();
              }}
            >
              <SubmitButton busy={cancel.isPending}>{t('erasure.cancelSubmit')}</SubmitButton>
            </form>
          </>
        )
      )}
      <p>
        <Link to="/sign-in">{t('erasure.signIn')}</Link>
      </p>
    </section>
  );
}

/** Where the app goes once the deletion is asked: the account is closed, the mail has the way back. */
export function AccountClosedPage() {
  const { t } = useTranslation();
  useTitle(t('erasure.title'));
  const until = (useLocation().state as { until?: string } | null)?.until ?? '—';
  return (
    <section className="card">
      <h1>{t('erasure.title')}</h1>
      <Notice tone="success">{t('erasure.requested', { date: until })}</Notice>
      <p>{t('erasure.guarantee')}</p>
    </section>
  );
}
