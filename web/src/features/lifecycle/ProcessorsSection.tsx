import { useTranslation } from 'react-i18next';
import { useProcessors } from './queries';

/** P25, P29: who processes data for the operator, where, under which safeguard (the privacy center). */
export function ProcessorsSection() {
  const { t } = useTranslation();
  const processors = useProcessors().data?.processors;
  if (!processors) return null;
  return (
    <section className="card" aria-labelledby="processors-title">
      <h2 id="processors-title">{t('lifecycle.processors.title')}</h2>
      {processors.length === 0 ? (
        <p>{t('lifecycle.processors.none')}</p>
      ) : (
        // A list, not a table: four columns do not fit a phone, and each entry reads as a sentence.
        <ul className="item-list">
          {processors.map((p) => (
            <li key={p.id} className="item">
              <strong>{p.name}</strong>
              <p>{p.purpose}</p>
              <p className="muted">
                {t('lifecycle.processors.where', { country: p.country, safeguard: p.safeguard })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
