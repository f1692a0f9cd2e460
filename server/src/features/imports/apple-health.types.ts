/**
 * What the Apple Health parser maps (docs/import.md "Apple Health"): HealthKit quantity types to the
 * catalog's metrics, and HealthKit's unit strings to the catalog's units.
 */

interface AppleQuantity {
  metric: string;
  /** Packed into one-minute series (samples every few seconds or minutes) rather than readings. */
  series?: boolean;
  /** A unit of this type's own spelling, before the shared table below. */
  units?: Record<string, string>;
}

const Q = 'HKQuantityTypeIdentifier';

// Not mapped, counted in `unmapped`: RestingHeartRate and BodyMassIndex (the server computes both from
// the samples), FlightsClimbed and the other types the catalog has no metric for.

export const APPLE_QUANTITIES: Record<string, AppleQuantity> = {
  [`${Q}BodyMass`]: { metric: 'weight' },
  [`${Q}Height`]: { metric: 'height' },
  [`${Q}LeanBodyMass`]: { metric: 'fat_free_mass' },
  [`${Q}BodyFatPercentage`]: { metric: 'fat_ratio' },
  [`${Q}BloodPressureSystolic`]: { metric: 'systolic_bp' },
  [`${Q}BloodPressureDiastolic`]: { metric: 'diastolic_bp' },
  [`${Q}HeartRateVariabilitySDNN`]: { metric: 'heart_rate_variability' },
  [`${Q}OxygenSaturation`]: { metric: 'spo2' },
  [`${Q}BodyTemperature`]: { metric: 'body_temperature' },
  [`${Q}RespiratoryRate`]: { metric: 'respiratory_rate', units: { 'count/min': 'breaths/min' } },
  [`${Q}VO2Max`]: { metric: 'vo2_max' },
  [`${Q}HeartRate`]: { metric: 'heart_rate', series: true },
  [`${Q}StepCount`]: { metric: 'steps', series: true, units: { count: 'steps' } },
  [`${Q}DistanceWalkingRunning`]: { metric: 'distance', series: true },
  [`${Q}ActiveEnergyBurned`]: { metric: 'active_calories', series: true },
};

/**
 * HealthKit's unit strings → the catalog's. Apple writes a percentage as a fraction ("0.97" with unit
 * "%"), which is the catalog's 'ratio'; 'Cal' is the food calorie, a kilocalorie.
 */
export const APPLE_UNITS: Record<string, string> = {
  kg: 'kg',
  g: 'g',
  lb: 'lb',
  st: 'st',
  m: 'm',
  cm: 'cm',
  mm: 'mm',
  km: 'km',
  mi: 'mi',
  ft: 'ft',
  in: 'in',
  'count/min': 'bpm',
  mmHg: 'mmHg',
  kPa: 'kPa',
  '%': 'ratio',
  degC: '°C',
  degF: '°F',
  kcal: 'kcal',
  Cal: 'kcal',
  kJ: 'kJ',
  ms: 'ms',
  'mL/min·kg': 'mL/kg/min',
};

const SLEEP_PREFIX = 'HKCategoryValueSleepAnalysis';
export const SLEEP_TYPE = 'HKCategoryTypeIdentifierSleepAnalysis';
export const BP_CORRELATION = 'HKCorrelationTypeIdentifierBloodPressure';

/** Sleep values → the catalog's stages; InBed and the unspecified Asleep shape the night without a stage. */
export const SLEEP_STAGES: Record<string, 'light' | 'deep' | 'rem' | 'awake' | null> = {
  [`${SLEEP_PREFIX}InBed`]: null,
  [`${SLEEP_PREFIX}Asleep`]: null,
  [`${SLEEP_PREFIX}AsleepUnspecified`]: null,
  [`${SLEEP_PREFIX}AsleepCore`]: 'light',
  [`${SLEEP_PREFIX}AsleepDeep`]: 'deep',
  [`${SLEEP_PREFIX}AsleepREM`]: 'rem',
  [`${SLEEP_PREFIX}Awake`]: 'awake',
};

/** Top-level elements not imported, counted in `unmapped` under these names. */
export const UNMAPPED_ELEMENTS: Record<string, string> = {
  ActivitySummary: 'ActivitySummary (daily rings, recomputed from the samples)',
  ClinicalRecord: 'ClinicalRecord',
};

/** Calendar dates already checked ('YYYY-MM-DD' → whether it exists): an export spans a few thousand. */
const knownDates = new Map<string, boolean>();
/** Apple's offsets already read ("-0700" → "-07:00", or null when not one): an export holds a handful. */
const knownOffsets = new Map<string, string | null>();
const CACHE_MAX = 100_000;

const digitsAt = (s: string, from: number, to: number) => {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};
const twoAt = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;

function dateExists(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function offsetOf(raw: string): string | null {
  if (!/^[+-]\d{4}$/.test(raw) || twoAt(raw, 1) > 23 || twoAt(raw, 3) > 59) return null;
  return `${raw.slice(0, 3)}:${raw.slice(3)}`;
}

/**
 * Apple's "2016-04-18 08:25:32 -0700" → ISO 8601 with its offset; undefined when not so written or not
 * a time of the calendar. Read by hand, with each date and offset checked once (issue #18: a regex and
 * Date.parse per record cost as much as saxes' own work for it); hour 24 and second 60 are refused.
 */
export function appleTime(text: string | undefined): string | undefined {
  if (
    text === undefined ||
    text.length !== 25 ||
    text.charCodeAt(10) !== 32 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 32 ||
    !digitsAt(text, 11, 13) ||
    !digitsAt(text, 14, 16) ||
    !digitsAt(text, 17, 19) ||
    twoAt(text, 11) > 23 ||
    twoAt(text, 14) > 59 ||
    twoAt(text, 17) > 59
  )
    return undefined;
  const date = text.slice(0, 10);
  let exists = knownDates.get(date);
  if (exists === undefined) {
    exists = dateExists(date);
    if (knownDates.size < CACHE_MAX) knownDates.set(date, exists);
  }
  if (!exists) return undefined;
  const raw = text.slice(20);
  let offset = knownOffsets.get(raw);
  if (offset === undefined) {
    offset = offsetOf(raw);
    if (knownOffsets.size < CACHE_MAX) knownOffsets.set(raw, offset);
  }
  return offset === null ? undefined : `${date}T${text.slice(11, 19)}${offset}`;
}
