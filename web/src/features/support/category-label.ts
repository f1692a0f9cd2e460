import { useTranslation } from 'react-i18next';

/** A grant category's name: the health-data categories are the clinics' (the same sets of metrics). */
export function useCategoryLabel() {
  const { t } = useTranslation();
  return (category: string) =>
    category === 'diagnostics'
      ? t('support.diagnostics')
      : t(`clinics.categories.${category}`, { defaultValue: category });
}
