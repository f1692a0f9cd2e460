import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FormError } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { downloadUrl, type ExportItem, isOpen, useExports, useStartExport } from './queries';

/**
 * "Download my data" (P17, P18): ask for a copy of everything held, follow its progress, download
 * it while it lasts (7 days), or ask for a new one once it has expired. `compact` shows the latest
 * export only (the privacy center); the exports page shows them all.
 */
export function DownloadMyDataSection({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const exports = useExports();
  const start = useStartExport();
  const items = exports.data?.items ?? [];
  const shown = compact ? items.slice(0, 1) : items;
  const busy = items.some(isOpen);
  return (
    <section className="card" id="download-my-data" aria-labelledby="download-my-data-title">
      <h2 id="download-my-data-title">{t('exports.title')}</h2>
      <p>{t('exports.intro')}</p>
      <FormError error={exports.error ?? start.error} />
      <button
        type="button"
        className="button primary"
        disabled={busy || start.isPending}
        onClick={() => start.mutate()}
      >
        {start.isPending ? t('common.working') : t('exports.start')}
      </button>
      {exports.isSuccess && items.length === 0 && <p className="muted">{t('exports.none')}</p>}
      {shown.length > 0 && (
        <ul className="export-list" aria-live="polite">
          {shown.map((item) => (
            <ExportRow key={item.id} item={item} />
          ))}
        </ul>
      )}
      {compact && items.length > 1 && (
        <p>
          <Link to="/privacy/exports">{t('exports.all')}</Link>
        </p>
      )}
    </section>
  );
}

function ExportRow({ item }: { item: ExportItem }) {
  const { t } = useTranslation();
  const format = useFormat();
  const size =
    item.sizeBytes === null
      ? ''
      : new Intl.NumberFormat(format.locale, {
          style: 'unit',
          unit: 'megabyte',
          maximumFractionDigits: 1,
        }).format(Math.max(0.1, item.sizeBytes / 1_000_000));
  return (
    <li data-testid="export-item" data-status={item.status}>
      <span>{t('exports.requested', { when: format.dateTime(item.requestedAt) })}</span>{' '}
      <strong>{t(`exports.status.${item.status}`)}</strong>
      {isOpen(item) && (
        <progress max={100} value={item.progress} aria-label={t('exports.progress')}>
          {item.progress}%
        </progress>
      )}
      {item.status === 'ready' && (
        <>
          {' '}
          <a className="button" href={downloadUrl(item.id)} download>
            {t('exports.download', { size })}
          </a>{' '}
          <span className="muted">{t('exports.until', { when: format.dateTime(item.expiresAt) })}</span>
        </>
      )}
      {item.status === 'expired' && <span className="muted"> {t('exports.expired')}</span>}
      {item.status === 'failed' && <span className="muted"> {t('exports.failed')}</span>}
    </li>
  );
}
