import { getMetric } from '@vitalbase/core/health-data/catalog';
import i18n from 'i18next';
import {
  unitChoices as accountUnitChoices,
  type UnitQuantity,
  unitQuantities,
} from '@vitalbase/core/preferences';
import {
  distanceUnits,
  fromCanonical,
  lengthUnits,
  massUnits,
  roundTo,
  temperatureUnits,
  toCanonical,
  type UnitTable,
} from '@vitalbase/core/health-data/units';

/**
 * Display units. Values are stored in one canonical unit per metric (kg, m, °C …) and converted here,
 * at the edge, per quantity: people mix systems (weight in pounds, temperature in °C).
 */
export const quantities = unitQuantities;
export type Quantity = UnitQuantity;
export const unitChoices: Record<Quantity, readonly string[]> = accountUnitChoices;

/** Height in cm, or in feet and inches: a number in inches ("5 ft 9 in" when formatted). */
const heightUnits: UnitTable = { cm: lengthUnits.cm!, ft_in: lengthUnits.in! };
const tables: Record<Quantity, UnitTable> = {
  mass: massUnits,
  height: heightUnits,
  distance: distanceUnits,
  temperature: temperatureUnits,
};

export type UnitPreferences = Record<Quantity, string>;
export const metricSystem: UnitPreferences = { mass: 'kg', height: 'cm', distance: 'km', temperature: '°C' };
export const imperialSystem: UnitPreferences = {
  mass: 'lb',
  height: 'ft_in',
  distance: 'mi',
  temperature: '°F',
};

/** The countries that weigh in pounds and measure in miles (the US, Liberia, Myanmar). */
const IMPERIAL_COUNTRIES = new Set(['US', 'LR', 'MM']);

/** The units a language and region show before the person signs in: imperial in the US, else metric. */
export function localeUnits(locale: string): UnitPreferences {
  const region = /^[a-z]{2,3}-([A-Z]{2})\b/i.exec(locale)?.[1]?.toUpperCase();
  return countryUnits(region ?? '');
}

/**
 * The units of a signed-in person who has not chosen: their account's country, not the browser's
 * language (an English-language browser in Paris weighs in kilograms).
 */
export function countryUnits(country: string): UnitPreferences {
  return IMPERIAL_COUNTRIES.has(country.toUpperCase()) ? imperialSystem : metricSystem;
}

/** Which convertible quantity a metric is, from its canonical unit; undefined: shown as stored. */
export function quantityOf(metric: string): Quantity | undefined {
  const def = getMetric(metric);
  if (!def) return undefined;
  if (def.unit === 'kg') return 'mass';
  if (def.unit === '°C') return 'temperature';
  if (metric === 'height') return 'height';
  if (metric === 'distance') return 'distance';
  return undefined;
}

/** The unit a metric is shown in for these preferences (a height in feet and inches: its inches). */
export function displayUnit(metric: string, prefs: UnitPreferences, locale?: string): string {
  const q = quantityOf(metric);
  if (q === 'height' && prefs.height === 'ft_in') return 'in';
  const unit = q ? prefs[q] : (getMetric(metric)?.unit ?? '');
  return locale ? unitWord(unit, locale) : unit;
}

/**
 * A unit as the language writes it: the catalog's words ("steps", "breaths/min") are translated
 * (locales' `unitWords`), symbols (kg, bpm, kcal) are not; stored values keep the canonical unit.
 */
function unitWord(unit: string, locale: string): string {
  const key = unit.replace(/\//g, '_per_');
  if (!/^[a-z_]+$/i.test(key)) return unit;
  // Before i18n starts (pure tests) `t` answers nothing: the catalog's own word then.
  return i18n.t(`unitWords.${key}`, { lng: locale.split('-')[0], defaultValue: unit }) || unit;
}

/** Decimals worth showing: a weight to 0.1, a distance to 0.01, counts as integers. */
function displayDecimals(metric: string): number {
  const q = quantityOf(metric);
  if (q === 'distance') return 2;
  if (q) return 1;
  return Math.min(1, getMetric(metric)?.decimals ?? 1);
}

/** A canonical value in the display unit (rounded for display). */
export function toDisplay(metric: string, canonical: number, prefs: UnitPreferences): number {
  const q = quantityOf(metric);
  const v = q ? (fromCanonical(tables[q], prefs[q], canonical) ?? canonical) : canonical;
  return roundTo(v, displayDecimals(metric));
}

/** A value typed in the display unit back to the canonical one (what the API stores). */
export function toStored(metric: string, shown: number, prefs: UnitPreferences): number {
  const q = quantityOf(metric);
  return q ? (toCanonical(tables[q], prefs[q], shown) ?? shown) : shown;
}

/** "81.2 kg", "179 lb", "8,432 steps" in the interface language. */
export function formatMeasure(
  metric: string,
  canonical: number,
  prefs: UnitPreferences,
  locale: string,
): string {
  if (quantityOf(metric) === 'height' && prefs.height === 'ft_in') return feetAndInches(canonical);
  const decimals = displayDecimals(metric);
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: decimals }).format(
    toDisplay(metric, canonical, prefs),
  );
  return withUnit(n, displayUnit(metric, prefs, locale), locale);
}

/** A formatted number and its unit: "81.2 kg", "21%" ("21 %" in French), "37.1 °C". */
function withUnit(n: string, unit: string, locale: string): string {
  if (!unit) return n;
  return unit === '%' || unit.startsWith('°')
    ? `${n}${locale.startsWith('fr') ? '\u202f' : ''}${unit}`
    : `${n} ${unit}`;
}

/** A difference of two canonical values in the display unit ("0.8 kg", "1.4 °F"), without its sign. */
export function formatDifference(
  metric: string,
  current: number,
  previous: number,
  prefs: UnitPreferences,
  locale: string,
): { text: string; delta: number } {
  const decimals = displayDecimals(metric);
  const delta = roundTo(toDisplay(metric, current, prefs) - toDisplay(metric, previous, prefs), decimals);
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: decimals }).format(Math.abs(delta));
  return { text: withUnit(n, displayUnit(metric, prefs, locale), locale), delta };
}

/** A height in metres as people say it in feet and inches: "5 ft 9 in" (inches rounded). */
function feetAndInches(metres: number): string {
  const inches = Math.round(metres / 0.0254);
  return `${Math.floor(inches / 12)} ft ${inches % 12} in`;
}

/**
 * A height typed in feet and inches, in metres: "5 ft 9 in", "5'9\"", "5′9″", "5 9", "5 ft", "69 in";
 * undefined when it is not one.
 */
export function parseFeetAndInches(text: string): number | undefined {
  const t = text.trim().toLowerCase().replace(',', '.');
  const onlyInches = /^(\d+(?:\.\d+)?)\s*(?:in|"|″|inches)$/.exec(t);
  if (onlyInches) return Number(onlyInches[1]) * 0.0254;
  const m = /^(\d+)\s*(?:ft|feet|'|′)?\s*(?:(\d+(?:\.\d+)?)\s*(?:in|inches|"|″)?)?$/.exec(t);
  if (!m || (m[2] === undefined && !/ft|feet|'|′/.test(t))) return undefined;
  const inches = Number(m[2] ?? 0);
  if (inches >= 12) return undefined;
  return (Number(m[1]) * 12 + inches) * 0.0254;
}

/** Parses saved preferences, keeping only known units (anything missing: `defaults`, metric at first). */
export function parsePreferences(raw: unknown, defaults: UnitPreferences = metricSystem): UnitPreferences {
  const prefs = { ...defaults };
  if (raw && typeof raw === 'object') {
    for (const q of quantities) {
      const v = (raw as Record<string, unknown>)[q];
      if (typeof v === 'string' && unitChoices[q].includes(v)) prefs[q] = v;
    }
  }
  return prefs;
}
