import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { AppLogo } from '../oauth/AppLogo';
import { appSections } from './app-sections';
import type { DeveloperApp } from './developer-apps-api';

/** One registered app: what a developer copies into their code, then the sections that manage it. */
export function DeveloperAppCard({ app }: { app: DeveloperApp }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  return (
    <li className="card" data-client-id={app.clientId}>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
        <AppLogo name={app.name} logoUri={app.logoUri} />
        <h3>{app.name}</h3>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('developer.clientId')}</dt>
          <dd>
            <code>{app.clientId}</code>
          </dd>
        </div>
        <div>
          <dt>{t('developer.form.clientType')}</dt>
          <dd>{app.public ? t('developer.type.public') : t('developer.type.confidential')}</dd>
        </div>
        <div>
          <dt>{t('developer.form.pkce')}</dt>
          <dd>{app.pkceRequired ? t('developer.form.pkceRequired') : t('developer.form.pkceOptional')}</dd>
        </div>
        <div>
          <dt>{t('developer.form.redirectUris')}</dt>
          <dd>
            {app.redirectUris.map((uri) => (
              <code key={uri} style={{ display: 'block', overflowWrap: 'anywhere' }}>
                {uri}
              </code>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t('developer.form.scopes')}</dt>
          <dd>{app.scopes.join(' ')}</dd>
        </div>
        <div>
          <dt>{t('developer.registeredAt')}</dt>
          <dd>{dateTime(app.createdAt)}</dd>
        </div>
      </dl>
      {/* Closed sections sit side by side as buttons; an open one (a form, a confirmation) takes the row. */}
      <div className="actions" style={{ alignItems: 'flex-start' }}>
        {appSections
          .filter((s) => !s.block)
          .map(({ key, Section }) => (
            <Section key={key} app={app} />
          ))}
      </div>
      {appSections
        .filter((s) => s.block)
        .map(({ key, Section }) => (
          <Section key={key} app={app} />
        ))}
    </li>
  );
}
