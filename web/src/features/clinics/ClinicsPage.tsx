import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { FormError } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { SessionStepUp, stepUpMethods } from '../security/SessionStepUp';
import { useMyClinics } from './queries';

/** The clinics the user is staff of. Without a second factor, the way to set one up. */
export function ClinicsPage() {
  const { t } = useTranslation();
  useTitle(t('clinics.title'));
  const mine = useMyClinics();
  const needsSecondFactor =
    mine.error instanceof ApiError && mine.error.code === 'clinic_second_factor_required';
  // Set up, but not passed in this browser: asked for here (docs/clinics.md).
  if (stepUpMethods(mine.error)) return <SessionStepUp error={mine.error} />;
  return (
    <section className="card">
      <h1>{t('clinics.title')}</h1>
      <FormError error={mine.error} />
      {needsSecondFactor && (
        <p>
          <Link to="/security">{t('clinics.toSecurity')}</Link>
        </p>
      )}
      {mine.isSuccess && mine.data.clinics.length === 0 && <p className="muted">{t('clinics.none')}</p>}
      <ul className="plain-list">
        {mine.data?.clinics.map((c) => (
          <li key={c.id}>
            <Link to={`/clinics/${c.id}`}>{c.name}</Link> · {t(`clinics.roles.${c.role}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}
