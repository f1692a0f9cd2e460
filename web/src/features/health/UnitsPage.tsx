import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { imperialSystem, metricSystem, quantities, unitChoices } from './units';
import { saveUnits, useUnits } from './use-units';

/** Units per quantity (people mix them: weight in pounds, temperature in °C), applied at once everywhere. */
export function UnitsPage() {
  const { t } = useTranslation();
  useTitle(t('health.units.title'));
  const prefs = useUnits();
  return (
    <>
      <h1>{t('health.units.title')}</h1>
      <section className="card">
        <p>{t('health.units.help')}</p>
        <div className="actions">
          <button type="button" className="button" onClick={() => saveUnits(metricSystem)}>
            {t('health.units.allMetric')}
          </button>
          <button type="button" className="button" onClick={() => saveUnits(imperialSystem)}>
            {t('health.units.allImperial')}
          </button>
        </div>
        {quantities.map((q) => (
          <SelectField
            key={q}
            label={t(`health.units.${q}`)}
            name={q}
            value={prefs[q]}
            onChange={(e) => saveUnits({ ...prefs, [q]: e.target.value })}
          >
            {unitChoices[q].map((u) => (
              <option key={u} value={u}>
                {t(`health.units.names.${u === '°C' ? 'c' : u === '°F' ? 'f' : u}`)}
              </option>
            ))}
          </SelectField>
        ))}
        <p className="muted" role="status">
          {t('health.units.saved')}
        </p>
      </section>
    </>
  );
}
