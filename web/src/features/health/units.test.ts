import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en';
import fr from '../../i18n/locales/fr';
import {
  displayUnit,
  formatMeasure,
  imperialSystem,
  countryUnits,
  localeUnits,
  metricSystem,
  parseFeetAndInches,
  parsePreferences,
  quantityOf,
  toDisplay,
  toStored,
} from './units';

describe('display units', () => {
  it('knows which metrics convert, from the catalog', () => {
    expect(quantityOf('weight')).toBe('mass');
    expect(quantityOf('bone_mass')).toBe('mass');
    expect(quantityOf('body_temperature')).toBe('temperature');
    expect(quantityOf('room_temperature')).toBe('temperature');
    expect(quantityOf('distance')).toBe('distance');
    expect(quantityOf('heart_rate')).toBeUndefined();
    expect(quantityOf('no_such_metric')).toBeUndefined();
  });

  it('converts kilograms to pounds and °C to °F, and back', () => {
    expect(toDisplay('weight', 81.2, imperialSystem)).toBe(179);
    expect(toDisplay('weight', 81.25, metricSystem)).toBe(81.3);
    expect(toDisplay('body_temperature', 37, imperialSystem)).toBe(98.6);
    expect(toDisplay('distance', 5000, imperialSystem)).toBe(3.11);
    expect(toDisplay('distance', 5000, metricSystem)).toBe(5);
    expect(toStored('weight', 179, imperialSystem)).toBeCloseTo(81.193, 3);
    expect(toStored('body_temperature', 98.6, imperialSystem)).toBeCloseTo(37, 6);
    expect(toStored('distance', 3, metricSystem)).toBe(3000);
    expect(toStored('heart_rate', 61, imperialSystem)).toBe(61);
  });

  it('mixes systems per quantity', () => {
    const mixed = { ...metricSystem, mass: 'lb' };
    expect(displayUnit('weight', mixed)).toBe('lb');
    expect(displayUnit('body_temperature', mixed)).toBe('°C');
    expect(displayUnit('steps', mixed)).toBe('steps');
  });

  it('formats in the interface language', () => {
    expect(formatMeasure('weight', 81.2, metricSystem, 'en')).toBe('81.2 kg');
    expect(formatMeasure('weight', 81.2, metricSystem, 'fr')).toBe('81,2 kg');
    expect(formatMeasure('body_temperature', 38.45, imperialSystem, 'en')).toBe('101.2°F');
    expect(formatMeasure('steps', 12345, metricSystem, 'en')).toBe('12,345 steps');
    expect(formatMeasure('fat_ratio', 22.14, metricSystem, 'fr')).toBe('22,1\u202f%');
  });

  it('keeps only known units from saved preferences', () => {
    expect(parsePreferences({ mass: 'lb', temperature: 'K', distance: 42 })).toEqual({
      ...metricSystem,
      mass: 'lb',
    });
    expect(parsePreferences(null)).toEqual(metricSystem);
    expect(parsePreferences('imperial')).toEqual(metricSystem);
  });
});

describe('height in feet and inches', () => {
  it('shows a height as "5 ft 9 in" and in cm otherwise', () => {
    expect(quantityOf('height')).toBe('height');
    expect(formatMeasure('height', 1.753, imperialSystem, 'en')).toBe('5 ft 9 in');
    expect(formatMeasure('height', 1.8288, imperialSystem, 'fr')).toBe('6 ft 0 in');
    expect(formatMeasure('height', 1.753, metricSystem, 'en')).toBe('175.3 cm');
    expect(toStored('height', 175, metricSystem)).toBeCloseTo(1.75, 6);
  });

  it('reads what people type, and refuses what is not a height', () => {
    for (const typed of ['5 ft 9 in', '5\'9"', '5′9″', '5 9', '5ft9', '69 in', '69"']) {
      expect(parseFeetAndInches(typed), typed).toBeCloseTo(1.7526, 4);
    }
    expect(parseFeetAndInches('6 ft')).toBeCloseTo(1.8288, 4);
    for (const typed of ['', '5', 'tall', '5 ft 13 in', '-5 ft']) {
      expect(parseFeetAndInches(typed), typed).toBeUndefined();
    }
  });
});

describe('defaults before a choice', () => {
  it('are imperial in the US, metric elsewhere; a saved choice wins per quantity', () => {
    expect(localeUnits('en-US')).toEqual(imperialSystem);
    expect(localeUnits('en-GB')).toEqual(metricSystem);
    expect(localeUnits('fr-FR')).toEqual(metricSystem);
    expect(localeUnits('es-US')).toEqual(imperialSystem);
    expect(localeUnits('en')).toEqual(metricSystem);
    // Signed in: the account's country decides, whatever the browser's language.
    expect(countryUnits('FR')).toEqual(metricSystem);
    expect(countryUnits('us')).toEqual(imperialSystem);
    expect(parsePreferences({ mass: 'st' }, localeUnits('en-US'))).toEqual({ ...imperialSystem, mass: 'st' });
    expect(parsePreferences({ height: 'yards' }, metricSystem)).toEqual(metricSystem);
  });
});

describe('unit words in the interface language', () => {
  beforeAll(async () => {
    await i18n.init({
      resources: { en: { translation: en.messages }, fr: { translation: fr.messages } },
      fallbackLng: 'en',
      initAsync: false,
    });
  });

  it('translates the catalog words, keeps the symbols and the stored unit', () => {
    expect(formatMeasure('steps', 7200, metricSystem, 'fr')).toBe('7\u202f200 pas');
    expect(formatMeasure('steps', 7200, metricSystem, 'fr-FR')).toBe('7\u202f200 pas');
    expect(formatMeasure('steps', 7200, metricSystem, 'en')).toBe('7,200 steps');
    expect(formatMeasure('respiratory_rate', 14, metricSystem, 'fr')).toBe('14 resp./min');
    expect(formatMeasure('heart_rate', 60, metricSystem, 'fr')).toBe('60 bpm');
    expect(formatMeasure('active_calories', 320, metricSystem, 'fr')).toBe('320 kcal');
    expect(displayUnit('steps', metricSystem, 'fr')).toBe('pas');
    expect(displayUnit('steps', metricSystem)).toBe('steps');
  });
});
