import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmPrompt } from '../../components/ConfirmPrompt';
import { FormError } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { type ImportView, isWorking, useImports, useUndoImport } from './queries';

function Report({ item }: { item: ImportView }) {
  const { t } = useTranslation();
  const r = item.report;
  if (!r) return null;
  const imported = r.imported.readings + r.imported.series + r.imported.sessions;
  return (
    <div className="import-report">
      <ul>
        <li>{t('imports.report.imported', { count: imported })}</li>
        <li>{t('imports.report.duplicates', { count: r.duplicates })}</li>
        <li>{t('imports.report.refused', { count: r.refused })}</li>
      </ul>
      {r.refusals.length > 0 && (
        <details>
          <summary>{t('imports.report.refusals')}</summary>
          <ul>
            {r.refusals.map((x) => (
              <li key={`${x.file ?? ''}:${x.line}`}>
                {t('imports.report.line', { file: x.file ?? '', line: x.line })} {x.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {(r.unmapped.length > 0 || r.skippedFiles.length > 0) && (
        <details>
          <summary>{t('imports.report.skipped')}</summary>
          <ul>
            {r.skippedFiles.map((f) => (
              <li key={f.file}>
                {f.file}: {f.reason}
              </li>
            ))}
            {r.unmapped.map((u) => (
              <li key={u.type}>{t('imports.report.unmapped', { type: u.type, count: u.count })}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** Every import with its state, its progress while it runs, its report, and undo. */
export function ImportList() {
  const { t } = useTranslation();
  const format = useFormat();
  const imports = useImports();
  const undo = useUndoImport();
  const [confirming, setConfirming] = useState<string | undefined>();
  const items = imports.data?.imports ?? [];
  return (
    <section className="card" aria-labelledby="imports-list-title">
      <h2 id="imports-list-title">{t('imports.list')}</h2>
      <FormError error={imports.error ?? undo.error} />
      {imports.isSuccess && items.length === 0 && <p className="muted">{t('imports.none')}</p>}
      <ul className="import-list">
        {items.map((item) => (
          <li key={item.id} data-testid="import-item">
            <p>
              <strong>{item.fileName}</strong> · {format.dateTime(item.createdAt)} ·{' '}
              <span data-testid="import-state">{t(`imports.state.${item.state}`)}</span>
            </p>
            {isWorking(item) && <p aria-live="polite">{t('imports.itemsDone', { count: item.itemsDone })}</p>}
            {item.error && <p className="field-error">{item.error}</p>}
            <Report item={item} />
            {item.state === 'done' &&
              (confirming === item.id ? (
                <ConfirmPrompt
                  statement={t('imports.undoStatement', { file: item.fileName })}
                  confirm={t('imports.undo')}
                  cancel={t('imports.keep')}
                  busy={undo.isPending}
                  onConfirm={() => undo.mutate(item.id, { onSettled: () => setConfirming(undefined) })}
                  onCancel={() => setConfirming(undefined)}
                />
              ) : (
                <button type="button" className="button" onClick={() => setConfirming(item.id)}>
                  {t('imports.undo')}
                </button>
              ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
