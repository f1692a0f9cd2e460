import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { forgetCsrfToken } from '../../api/client';
import { FormError } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { useRevokeSession, useSessions, useSignOutEverywhere } from './queries';

/** Where the account is signed in; any of them can be ended, or all at once. */
export function SessionsSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const sessions = useSessions();
  const signedOut = () => {
    forgetCsrfToken();
    queryClient.clear();
    navigate('/sign-in', { replace: true });
  };
  const revoke = useRevokeSession({ signedOut });
  const revokeAll = useSignOutEverywhere({ onSuccess: signedOut });

  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('security.sessions.title')}</h2>
      <p>{t('security.sessions.intro')}</p>
      <FormError error={sessions.error ?? revoke.error ?? revokeAll.error} />
      {sessions.isPending && <p role="status">{t('common.loading')}</p>}
      <ul className="item-list" aria-label={t('security.sessions.title')}>
        {sessions.data?.map((s) => {
          const what = [
            s.browser || t('security.sessions.unknown'),
            s.os,
            s.device && t(`security.sessions.devices.${s.device}`, { defaultValue: s.device }),
          ]
            .filter(Boolean)
            .join(' · ');
          return (
            <li key={s.id} className="item" data-testid="session">
              <div>
                <strong>{what}</strong>
                {s.current && <span className="tag">{t('security.sessions.current')}</span>}
                <p className="muted">
                  {t('security.sessions.details', {
                    ip: s.ip ?? '—',
                    lastSeen: format.dateTime(s.lastSeenAt),
                    created: format.dateTime(s.createdAt),
                  })}
                </p>
              </div>
              <button
                type="button"
                className="button"
                onClick={() => revoke.mutate(s)}
                disabled={revoke.isPending}
              >
                {t('nav.signOut')}
                <span className="visually-hidden"> ({what})</span>
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="button danger"
        onClick={() => revokeAll.mutate()}
        disabled={revokeAll.isPending}
      >
        {t('security.sessions.signOutAll')}
      </button>
    </section>
  );
}
