import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { AppLogo } from './AppLogo';
import { type ConnectedApp, useConnectedApps, useDisconnectApp } from './queries';
import { ScopeList } from './ScopeList';
import { ConfirmPrompt } from '../../components/ConfirmPrompt';

/** The apps the user let read their data: what each may read, since when, its last read, Disconnect. */
export function ConnectedAppsSection() {
  const { t } = useTranslation();
  const apps = useConnectedApps();
  return (
    <section className="card" id="connected-apps" aria-labelledby="connected-apps-title">
      <h2 id="connected-apps-title">{t('partners.connected.title')}</h2>
      <p>{t('partners.connected.intro')}</p>
      <FormError error={apps.error} />
      {apps.data?.items.length === 0 && <p className="muted">{t('partners.connected.none')}</p>}
      <ul className="item-list" aria-label={t('partners.connected.title')}>
        {apps.data?.items.map((app) => (
          <ConnectedAppItem key={app.clientId} app={app} />
        ))}
      </ul>
    </section>
  );
}

function ConnectedAppItem({ app }: { app: ConnectedApp }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const [confirming, setConfirming] = useState(false);
  const disconnect = useDisconnectApp(app.clientId);
  return (
    <li className="item" data-client-id={app.clientId}>
      <div>
        <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
          <AppLogo name={app.name} logoUri={app.logoUri} />
          <h3>{app.name}</h3>
        </div>
        {app.disabledByOperator && (
          <p className="alert alert-warning" role="note">
            {t('partners.connected.disabledByOperator', {
              date: dateTime(app.disabledByOperator.at),
              reason: app.disabledByOperator.reason,
            })}
          </p>
        )}
        <p className="muted">{t('partners.connected.mayRead')}</p>
        <ScopeList scopes={app.scopes} brief />
        <p className="muted">
          {t('partners.connected.details', {
            since: dateTime(app.connectedAt),
            lastRead: app.lastReadAt ? dateTime(app.lastReadAt) : t('partners.connected.neverRead'),
          })}
        </p>
        <FormError error={disconnect.error} />
      </div>
      {confirming ? (
        <ConfirmPrompt
          statement={t('partners.connected.disconnectStatement', { app: app.name })}
          confirm={t('partners.connected.disconnectConfirm')}
          cancel={t('partners.connected.cancel')}
          busy={disconnect.isPending}
          onConfirm={() => disconnect.mutate()}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          {t('partners.connected.disconnect')}
          <span className="visually-hidden"> ({app.name})</span>
        </button>
      )}
    </li>
  );
}
