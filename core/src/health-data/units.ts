/**
 * Units and their conversion to a metric's canonical unit: canonical = value × factor + offset.
 * Values are stored only in the canonical unit; conversion happens at the edges (ingest, display).
 */
export interface UnitConversion {
  factor: number;
  offset?: number;
}

export type UnitTable = Readonly<Record<string, UnitConversion>>;

const same: UnitConversion = { factor: 1 };

export const massUnits: UnitTable = {
  kg: same,
  g: { factor: 0.001 },
  lb: { factor: 0.45359237 },
  st: { factor: 6.35029318 },
};
export const lengthUnits: UnitTable = {
  m: same,
  cm: { factor: 0.01 },
  mm: { factor: 0.001 },
  in: { factor: 0.0254 },
  ft: { factor: 0.3048 },
};
export const distanceUnits: UnitTable = {
  m: same,
  km: { factor: 1000 },
  mi: { factor: 1609.344 },
  ft: { factor: 0.3048 },
};
export const pressureUnits: UnitTable = {
  mmHg: same,
  kPa: { factor: 7.500617 },
};
export const temperatureUnits: UnitTable = {
  '°C': same,
  '°F': { factor: 5 / 9, offset: -32 * (5 / 9) },
  K: { factor: 1, offset: -273.15 },
};
export const durationUnits: UnitTable = {
  s: same,
  ms: { factor: 0.001 },
  min: { factor: 60 },
  h: { factor: 3600 },
};
export const energyUnits: UnitTable = {
  kcal: same,
  kJ: { factor: 1 / 4.184 },
};
export const percentUnits: UnitTable = { '%': same, ratio: { factor: 100 } };
export const only = (unit: string): UnitTable => ({ [unit]: same });

/** Converts `value` given in `unit` to the canonical unit of `units`; undefined when the unit is not accepted. */
export function toCanonical(units: UnitTable, unit: string, value: number): number | undefined {
  const c = units[unit];
  if (!c) return undefined;
  return value * c.factor + (c.offset ?? 0);
}

/** The inverse of `toCanonical`, for display in a unit the user prefers. */
export function fromCanonical(units: UnitTable, unit: string, value: number): number | undefined {
  const c = units[unit];
  if (!c) return undefined;
  return (value - (c.offset ?? 0)) / c.factor;
}

/** Rounds to a number of decimals without the float noise of toFixed round-trips (0.1 + 0.2). */
export function roundTo(value: number, decimals: number): number {
  const p = 10 ** decimals;
  return Math.round(value * p) / p;
}
