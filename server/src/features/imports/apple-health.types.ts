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

/** Apple's "2016-04-18 08:25:32 -0700" → ISO 8601 with its offset; undefined when not so written. */
const APPLE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/;
export function appleTime(text: string | undefined): string | undefined {
  const m = text ? APPLE_TIME.exec(text) : null;
  if (!m) return undefined;
  const iso = `${m[1]}T${m[2]}${m[3]}:${m[4]}`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}
