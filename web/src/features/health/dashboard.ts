import { getMetric } from '@vitalbase/core/health-data/catalog';

/**
 * Pure shaping of the dashboard: which group a metric's card is in, the order of groups and cards,
 * and the sparkline's path. Groups follow the catalog's categories, with "physiological" split the way
 * a person thinks of it: body, heart, sleep.
 */
const dashboardGroups = ['body', 'heart', 'activity', 'sleep', 'environment'] as const;
export type DashboardGroup = (typeof dashboardGroups)[number];

/** Cards in the order people look for them; a metric not listed comes after, by name. */
const cardOrder: Record<DashboardGroup, readonly string[]> = {
  body: ['weight', 'fat_ratio', 'fat_mass', 'muscle_mass', 'hydration', 'bone_mass', 'bmi', 'height'],
  heart: ['systolic_bp', 'heart_rate', 'resting_heart_rate', 'spo2', 'heart_rate_variability'],
  activity: ['steps', 'distance', 'active_calories', 'elevation'],
  sleep: ['sleep', 'sleep_score', 'snoring', 'apnea_hypopnea_index'],
  environment: ['room_temperature', 'humidity', 'co2', 'noise', 'light'],
};

const heart = new Set([
  'systolic_bp',
  'diastolic_bp',
  'heart_rate',
  'resting_heart_rate',
  'heart_rate_variability',
  'pulse_wave_velocity',
  'vascular_age',
  'spo2',
  'respiratory_rate',
  'vo2_max',
]);
const sleep = new Set(['sleep', 'sleep_stage', 'snoring', 'apnea_hypopnea_index', 'sleep_score', 'movement']);

/** The group of a metric's card; undefined: not a card (device health, unknown metrics). */
export function groupOf(metric: string): DashboardGroup | undefined {
  const def = getMetric(metric);
  if (!def || def.category === 'technical') return undefined;
  if (sleep.has(metric)) return 'sleep';
  if (heart.has(metric)) return 'heart';
  if (def.category === 'activity') return 'activity';
  if (def.category === 'environmental') return 'environment';
  return 'body';
}

/** Metrics shown inside another card (diastolic beside systolic) or only as detail (sleep stages). */
const notCards = new Set(['diastolic_bp', 'sleep_stage']);

/** The cards to show, grouped in the dashboard's order, each group's cards in their usual order. */
export function groupCards(metrics: readonly string[]): Array<{ group: DashboardGroup; metrics: string[] }> {
  const rank = (g: DashboardGroup, m: string) => {
    const i = cardOrder[g].indexOf(m);
    return i < 0 ? cardOrder[g].length : i;
  };
  return dashboardGroups
    .map((group) => ({
      group,
      metrics: [...new Set(metrics)]
        .filter((m) => !notCards.has(m) && groupOf(m) === group)
        .sort((a, b) => rank(group, a) - rank(group, b) || a.localeCompare(b)),
    }))
    .filter((g) => g.metrics.length > 0);
}

/**
 * The points of a sparkline in a width × height box (y grows down); days without a value are skipped.
 * `scale` puts several lines on one scale (blood pressure); by default the values' own min and max.
 */
export function sparkPoints(
  values: ReadonlyArray<number | null>,
  width: number,
  height: number,
  scale?: { min: number; max: number },
): Array<[number, number]> {
  const known = values.filter((v): v is number => v !== null);
  if (!known.length) return [];
  const min = scale?.min ?? Math.min(...known);
  const max = scale?.max ?? Math.max(...known);
  // A flat line sits in the middle rather than on an edge; 1 px of margin keeps the stroke inside.
  const span = max - min;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const out: Array<[number, number]> = [];
  values.forEach((v, i) => {
    if (v === null) return;
    const y = span === 0 ? height / 2 : 1 + ((max - v) / span) * (height - 2);
    out.push([Math.round(i * step * 10) / 10, Math.round(y * 10) / 10]);
  });
  return out;
}

/** A signed difference as people write it: "−0.8", "+1.2", "0" (a true minus sign). */
export function signed(formatted: string, delta: number): string {
  if (delta > 0) return `+${formatted}`;
  if (delta < 0) return `\u2212${formatted.replace(/^[-\u2212]/, '')}`;
  return formatted;
}
