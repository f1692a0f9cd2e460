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
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('lifecycle.processors.name')}</th>
                <th scope="col">{t('lifecycle.processors.purpose')}</th>
                <th scope="col">{t('lifecycle.processors.country')}</th>
                <th scope="col">{t('lifecycle.processors.safeguard')}</th>
              </tr>
            </thead>
            <tbody>
              {processors.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.purpose}</td>
                  <td>{p.country}</td>
                  <td>{p.safeguard}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
