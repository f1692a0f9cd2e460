import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/forms';
import { fullRow } from './section-layout';
import type { DeveloperApp } from './developer-apps-api';
import { useRotateSecret } from './queries';
import { SecretNotice } from './SecretNotice';
import { ConfirmPrompt } from '../../components/ConfirmPrompt';

/**
 * A new client secret for a confidential app, e.g. after a leak: the old one stops working at once, so
 * the owner confirms first. Public apps have no secret (they prove themselves with PKCE alone).
 */
export function SecretSection({ app }: { app: DeveloperApp }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const rotate = useRotateSecret(app.clientId, { onSuccess: () => setConfirming(false) });
  if (app.public) return null;
  return (
    <div style={confirming || rotate.data ? fullRow : undefined}>
      {rotate.data?.clientSecret && <SecretNotice secret={rotate.data.clientSecret} />}
      <FormError error={rotate.error} />
      {confirming ? (
        <ConfirmPrompt
          statement={t('developer.secret.rotateStatement')}
          confirm={t('developer.secret.rotateConfirm')}
          cancel={t('developer.cancel')}
          busy={rotate.isPending}
          onConfirm={() => rotate.mutate()}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          {t('developer.secret.rotate')}
          <span className="visually-hidden"> ({app.name})</span>
        </button>
      )}
    </div>
  );
}
