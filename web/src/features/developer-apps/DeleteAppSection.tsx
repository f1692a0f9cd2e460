import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/forms';
import { fullRow } from './section-layout';
import type { DeveloperApp } from './developer-apps-api';
import { useDeleteApp } from './queries';
import { ConfirmPrompt } from '../../components/ConfirmPrompt';

/** Deleting an app ends every user's connection to it: its tokens stop working. Confirmed first. */
export function DeleteAppSection({ app }: { app: DeveloperApp }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteApp(app.clientId);
  return (
    <div style={confirming ? fullRow : undefined}>
      <FormError error={remove.error} />
      {confirming ? (
        <ConfirmPrompt
          statement={t('developer.delete.statement', { app: app.name })}
          confirm={t('developer.delete.confirm')}
          cancel={t('developer.cancel')}
          busy={remove.isPending}
          onConfirm={() => remove.mutate()}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button type="button" className="button danger" onClick={() => setConfirming(true)}>
          {t('developer.delete.open')}
          <span className="visually-hidden"> ({app.name})</span>
        </button>
      )}
    </div>
  );
}
