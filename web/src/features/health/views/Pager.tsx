import { useTranslation } from 'react-i18next';

/** "Newer / Page 2 of 5 / Older" under a table whose rows are newest first. */
export function Pager({
  page,
  pages,
  onChange,
  label,
}: {
  page: number;
  pages: number;
  onChange: (page: number) => void;
  /** What is paged, for screen readers ("Readings pages"). */
  label: string;
}) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="button" disabled={page <= 0} onClick={() => onChange(page - 1)}>
        {t('health.pager.newer')}
      </button>
      <span aria-live="polite">{t('health.pager.position', { page: page + 1, pages })}</span>
      <button
        type="button"
        className="button"
        disabled={page >= pages - 1}
        onClick={() => onChange(page + 1)}
      >
        {t('health.pager.older')}
      </button>
    </nav>
  );
}
