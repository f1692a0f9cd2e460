import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/forms';

/** A client secret, shown this once: the server keeps only its hash. */
export function SecretNotice({ secret }: { secret: string }) {
  const { t } = useTranslation();
  return (
    <Notice tone="warning">
      <p>{t('developer.secret.onlyOnce')}</p>
      <p>
        {t('developer.secret.label')} <code data-testid="client-secret">{secret}</code>
      </p>
    </Notice>
  );
}
