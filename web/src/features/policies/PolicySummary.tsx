import type { PolicyVersionSummary } from '@vitalbase/core/policies';
import { useTranslation } from 'react-i18next';

/**
 * A version's summary, in the reader's language when the operator published one (the server picks it):
 * else the English, marked as such and said to exist in English only.
 */
export function PolicySummary({
  version,
}: {
  version: Pick<PolicyVersionSummary, 'summary' | 'summaryLocale'>;
}) {
  const { t, i18n } = useTranslation();
  const englishOnly = !i18n.language.startsWith(version.summaryLocale);
  return (
    <>
      <span lang={version.summaryLocale}>{version.summary}</span>
      {englishOnly && <em className="muted"> ({t('policies.public.englishOnly')})</em>}
    </>
  );
}
