import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { AppForm } from './AppForm';
import { DeveloperAppCard } from './DeveloperAppCard';
import { useDeveloperApps, useRegisterApp } from './queries';
import { SecretNotice } from './SecretNotice';

/** For developers of partner apps: register an app, read its client id, manage it. */
export function DeveloperAppsPage() {
  const { t } = useTranslation();
  useTitle(t('developer.title'));
  const apps = useDeveloperApps();
  return (
    <>
      <h1>{t('developer.title')}</h1>
      <p>{t('developer.intro')}</p>
      <RegisterAppSection />
      <section aria-labelledby="developer-apps-title">
        <h2 id="developer-apps-title">{t('developer.list.title')}</h2>
        <FormError error={apps.error} />
        {apps.data?.items.length === 0 && <p className="muted">{t('developer.list.none')}</p>}
        <ul className="item-list" aria-label={t('developer.list.title')}>
          {apps.data?.items.map((app) => (
            <DeveloperAppCard key={app.clientId} app={app} />
          ))}
        </ul>
      </section>
    </>
  );
}

function RegisterAppSection() {
  const { t } = useTranslation();
  const register = useRegisterApp();
  const created = register.data;
  return (
    <section className="card" aria-labelledby="register-app-title">
      <h2 id="register-app-title">{t('developer.register.title')}</h2>
      {created && (
        <div role="status" data-testid="registered-app">
          <p>
            {t('developer.register.done', { app: created.name })} {t('developer.clientId')}{' '}
            <code data-testid="client-id">{created.clientId}</code>
          </p>
          {created.clientSecret && <SecretNotice secret={created.clientSecret} />}
        </div>
      )}
      <AppForm
        // A new form after each registration, so the next app starts from empty fields.
        key={created?.clientId ?? 'new'}
        busy={register.isPending}
        error={register.error}
        submitLabel={t('developer.register.submit')}
        onSubmit={(input) => register.mutate(input)}
      />
    </section>
  );
}
