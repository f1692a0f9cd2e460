import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/forms';
import { AppForm } from './AppForm';
import { fullRow } from './section-layout';
import type { DeveloperApp } from './developer-apps-api';
import { useEditApp } from './queries';

/** Name, logo, redirect URIs and scopes of a registered app, changed in place. */
export function EditAppSection({ app }: { app: DeveloperApp }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const save = useEditApp(app.clientId, { onSuccess: () => setOpen(false) });
  if (!open) {
    return (
      <div>
        {save.isSuccess && <Notice tone="success">{t('developer.edit.saved')}</Notice>}
        <button
          type="button"
          className="button"
          onClick={() => {
            save.reset();
            setOpen(true);
          }}
        >
          {t('developer.edit.open')}
          <span className="visually-hidden"> ({app.name})</span>
        </button>
      </div>
    );
  }
  return (
    <section aria-label={t('developer.edit.title', { app: app.name })} style={fullRow}>
      <h4>{t('developer.edit.title', { app: app.name })}</h4>
      <AppForm
        app={app}
        busy={save.isPending}
        error={save.error}
        submitLabel={t('developer.edit.save')}
        onSubmit={(input) => save.mutate(input)}
      >
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {t('developer.cancel')}
        </button>
      </AppForm>
    </section>
  );
}
