import { useTranslation } from 'react-i18next';
import { FormError, SelectField } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useSaveUnits } from '../account/queries';
import { imperialSystem, metricSystem, quantities, type UnitPreferences, unitChoices } from './units';
import { useUnits } from './use-units';

/** Translation key of a unit's name ("°C" → c, "ft_in" → ft_in). */
const unitKey = (u: string) => (u === '°C' ? 'c' : u === '°F' ? 'f' : u);

/**
 * Units per quantity (people mix them: weight in pounds, temperature in °C), saved to the account so
 * every browser shows the same, applied at once everywhere.
 */
export function UnitsPage() {
  const { t } = useTranslation();
  useTitle(t('health.units.title'));
  const prefs = useUnits();
  const save = useSaveUnits();
  const choose = (units: UnitPreferences) => save.mutate(units);
  return (
    <>
      <h1>{t('health.units.title')}</h1>
      <section className="card">
        <p>{t('health.units.help')}</p>
        <div className="actions">
          <button type="button" className="button" onClick={() => choose(metricSystem)}>
            {t('health.units.allMetric')}
          </button>
          <button type="button" className="button" onClick={() => choose(imperialSystem)}>
            {t('health.units.allImperial')}
          </button>
        </div>
        <FormError error={save.error} />
        {quantities.map((q) => (
          <SelectField
            key={q}
            label={t(`health.units.${q}`)}
            name={q}
            value={prefs[q]}
            onChange={(e) => choose({ ...prefs, [q]: e.target.value })}
          >
            {unitChoices[q].map((u) => (
              <option key={u} value={u}>
                {t(`health.units.names.${unitKey(u)}`)}
              </option>
            ))}
          </SelectField>
        ))}
        <p className="muted" role="status">
          {save.isSuccess ? t('health.units.savedToAccount') : t('health.units.saved')}
        </p>
      </section>
    </>
  );
}
