import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FormError } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { usePolicyAcceptances, usePolicyList } from './queries';

/** Every version of the privacy policy and the terms, and what the user accepted when (P16). */
export function PoliciesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  useTitle(t('policies.title'));
  const list = usePolicyList();
  const accepted = usePolicyAcceptances();
  return (
    <>
      <h1>{t('policies.title')}</h1>
      <FormError error={list.error} />
      {list.data?.documents.map((d) => (
        <section key={d.document} className="card" aria-labelledby={`policies-${d.document}`}>
          <h2 id={`policies-${d.document}`}>{t(`policies.documents.${d.document}`)}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('policies.list.version')}</th>
                  <th scope="col">{t('policies.list.effective')}</th>
                  <th scope="col">{t('policies.list.kind')}</th>
                  <th scope="col">{t('policies.list.summary')}</th>
                </tr>
              </thead>
              <tbody>
                {d.versions.map((v) => (
                  <tr key={v.version}>
                    <td>
                      <Link to={`/policies/${d.document}/${v.version}`}>
                        {t('policies.versionLabel', { version: v.version })}
                      </Link>
                      {v.version === d.inForce && <> ({t('policies.list.inForce')})</>}
                    </td>
                    <td>{format.date(v.effectiveDate)}</td>
                    <td>{t(v.major ? 'policies.major' : 'policies.minor')}</td>
                    <td>{v.summary}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <section className="card" aria-labelledby="policies-accepted">
        <h2 id="policies-accepted">{t('policies.accepted.title')}</h2>
        <p className="muted">{t('policies.accepted.intro')}</p>
        <FormError error={accepted.error} />
        {accepted.data && accepted.data.acceptances.length === 0 && (
          <p className="muted">{t('policies.accepted.none')}</p>
        )}
        {accepted.data && accepted.data.acceptances.length > 0 && (
          <ul data-testid="policy-acceptances">
            {accepted.data.acceptances.map((a) => (
              <li key={`${a.document}-${a.version}`}>
                {t('policies.accepted.item', {
                  document: t(`policies.documents.${a.document}`),
                  version: a.version,
                  when: format.dateTime(a.acceptedAt),
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
