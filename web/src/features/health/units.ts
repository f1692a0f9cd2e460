import { getMetric } from '@vitalbase/core/health-data/catalog';
import {
  distanceUnits,
  fromCanonical,
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
export const quantities = ['mass', 'distance', 'temperature'] as const;
export type Quantity = (typeof quantities)[number];

export const unitChoices: Record<Quantity, readonly string[]> = {
  mass: ['kg', 'lb', 'st'],
  distance: ['km', 'mi'],
  temperature: ['°C', '°F'],
};
const tables: Record<Quantity, UnitTable> = {
  mass: massUnits,
  distance: distanceUnits,
  temperature: temperatureUnits,
};

export type UnitPreferences = Record<Quantity, string>;
export const metricSystem: UnitPreferences = { mass: 'kg', distance: 'km', temperature: '°C' };
export const imperialSystem: UnitPreferences = { mass: 'lb', distance: 'mi', temperature: '°F' };

/** Which convertible quantity a metric is, from its canonical unit; undefined: shown as stored. */
export function quantityOf(metric: string): Quantity | undefined {
  const def = getMetric(metric);
  if (!def) return undefined;
  if (def.unit === 'kg') return 'mass';
  if (def.unit === '°C') return 'temperature';
  if (metric === 'distance') return 'distance';
  return undefined;
}

/** The unit a metric is shown in for these preferences. */
export function displayUnit(metric: string, prefs: UnitPreferences): string {
  const q = quantityOf(metric);
  return q ? prefs[q] : (getMetric(metric)?.unit ?? '');
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
  const decimals = displayDecimals(metric);
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: decimals }).format(
    toDisplay(metric, canonical, prefs),
  );
  const unit = displayUnit(metric, prefs);
  if (!unit) return n;
  return unit === '%' || unit.startsWith('°')
    ? `${n}${locale.startsWith('fr') ? '\u202f' : ''}${unit}`
    : `${n} ${unit}`;
}

/** Parses saved preferences, keeping only known units (anything else falls back to metric). */
export function parsePreferences(raw: unknown): UnitPreferences {
  const prefs = { ...metricSystem };
  if (raw && typeof raw === 'object') {
    for (const q of quantities) {
      const v = (raw as Record<string, unknown>)[q];
      if (typeof v === 'string' && unitChoices[q].includes(v)) prefs[q] = v;
    }
  }
  return prefs;
}
