import type { ReadingItem, SeriesItem, SessionItem } from '@vitalbase/core';

/**
 * Realistic simulated measurements, as pure functions: the same seed gives the same data, so the
 * simulator, the tests and the benchmarks can share them. Every item follows the sync contract
 * (core/src/health-data/items.ts) and carries the UTC offset of the place it was taken.
 */

export type Rng = () => number;

/** mulberry32: small, fast, good enough for simulated data (not for secrets). */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
function gaussian(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** A seed derived from a base seed and labels, so each person, device and day has its own stream. */
export function subSeed(seed: number, ...labels: Array<string | number>): number {
  let h = seed >>> 0 || 1;
  for (const ch of labels.join('/')) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

const round = (v: number, decimals: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export interface Person {
  key: string;
  displayName: string;
  birthDate: string;
  heightM: number;
  /** Weight on day 0 and its trend. */
  weightKg: number;
  weightTrendKgPerWeek: number;
  fatRatio: number;
  restingHeartRate: number;
  systolic: number;
  diastolic: number;
  dailySteps: number;
  snorer: boolean;
}

/** Three people who share one scale; their weights are far enough apart for attribution to tell them apart. */
export const householdPeople: Person[] = [
  {
    key: 'alex',
    displayName: 'Alex Martin',
    birthDate: '1979-04-12',
    heightM: 1.82,
    weightKg: 88,
    weightTrendKgPerWeek: -0.25,
    fatRatio: 24,
    restingHeartRate: 58,
    systolic: 132,
    diastolic: 84,
    dailySteps: 9000,
    snorer: true,
  },
  {
    key: 'sam',
    displayName: 'Sam Martin',
    birthDate: '1982-09-30',
    heightM: 1.66,
    weightKg: 63,
    weightTrendKgPerWeek: 0.05,
    fatRatio: 27,
    restingHeartRate: 64,
    systolic: 118,
    diastolic: 76,
    dailySteps: 11000,
    snorer: false,
  },
  {
    key: 'jo',
    displayName: 'Jo Martin',
    birthDate: '2008-02-20',
    heightM: 1.58,
    weightKg: 47,
    weightTrendKgPerWeek: 0.1,
    fatRatio: 19,
    restingHeartRate: 68,
    systolic: 110,
    diastolic: 70,
    dailySteps: 12000,
    snorer: false,
  },
];

/** More people than the three above: varied copies, for `--users` beyond 3 and benchmarks. */
export function personAt(index: number, seed = 1): Person {
  const base = householdPeople[index % householdPeople.length]!;
  if (index < householdPeople.length) return base;
  const rng = createRng(subSeed(seed, 'person', index));
  return {
    ...base,
    key: `${base.key}${index}`,
    displayName: `${base.displayName.split(' ')[0]} ${index}`,
    weightKg: round(base.weightKg + 15 * gaussian(rng), 1),
    restingHeartRate: Math.round(base.restingHeartRate + 5 * gaussian(rng)),
  };
}

/** Days to simulate: local midnight of the first day (as a UTC instant) and the place's UTC offset. */
export interface DayRange {
  /** UTC milliseconds of local midnight starting day 0. */
  startMs: number;
  days: number;
  offsetMinutes: number;
}

const MIN = 60_000;
const DAY = 86_400_000;

/** Local midnight `days` ago (whole days), for a place at `offsetMinutes`. */
export function dayRangeEndingToday(now: Date, days: number, offsetMinutes: number): DayRange {
  const local = now.getTime() + offsetMinutes * MIN;
  const todayLocalMidnight = Math.floor(local / DAY) * DAY - offsetMinutes * MIN;
  return { startMs: todayLocalMidnight - (days - 1) * DAY, days, offsetMinutes };
}

/** ISO 8601 local time with its offset, e.g. 2026-11-23T07:31:00+01:00. */
export function isoWithOffset(utcMs: number, offsetMinutes: number): string {
  const local = new Date(utcMs + offsetMinutes * MIN).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function dayStart(range: DayRange, day: number): number {
  return range.startMs + day * DAY;
}

/** Morning weigh-ins (weight + body composition), with skipped mornings and day-to-day noise. */
export function weighIns(seed: number, person: Person, range: DayRange): ReadingItem[] {
  const rng = createRng(subSeed(seed, 'weigh-in', person.key));
  const items: ReadingItem[] = [];
  for (let d = 0; d < range.days; d++) {
    if (rng() < 0.15) continue; // no weigh-in that morning
    const at = dayStart(range, d) + (6.5 * 60 + rng() * 120) * MIN;
    const weight = person.weightKg + (person.weightTrendKgPerWeek * d) / 7 + 0.35 * gaussian(rng);
    const fat = clamp(person.fatRatio + 0.6 * gaussian(rng), 5, 60);
    const fatFree = weight * (1 - fat / 100);
    items.push({
      kind: 'reading',
      clientRef: `${person.key}-weigh-${d}`,
      takenAt: isoWithOffset(Math.round(at / 1000) * 1000, range.offsetMinutes),
      measures: [
        { metric: 'weight', value: round(weight, 2), unit: 'kg' },
        { metric: 'fat_ratio', value: round(fat, 1), unit: '%' },
        { metric: 'muscle_mass', value: round(fatFree * 0.93, 2), unit: 'kg' },
        { metric: 'hydration', value: round(fatFree * 0.73, 2), unit: 'kg' },
        { metric: 'bone_mass', value: round(fatFree * 0.052, 2), unit: 'kg' },
      ],
    });
  }
  return items;
}

/** Awake or asleep at a local minute of the day (asleep about 23:00–07:00). */
function asleepAt(minuteOfDay: number): boolean {
  return minuteOfDay >= 23 * 60 || minuteOfDay < 7 * 60;
}

/**
 * A watch's minute-level heart rate, one series per local day: circadian (lower at night, a dip before
 * waking), bursts of activity, noise, and a gap while the watch charges.
 */
export function heartRateSeries(seed: number, person: Person, range: DayRange): SeriesItem[] {
  const items: SeriesItem[] = [];
  for (let d = 0; d < range.days; d++) {
    const rng = createRng(subSeed(seed, 'hr', person.key, d));
    const chargeFrom = 19 * 60 + Math.floor(rng() * 120);
    const values: Array<number | null> = [];
    let activity = 0;
    for (let m = 0; m < 1440; m++) {
      if (m >= chargeFrom && m < chargeFrom + 50) {
        values.push(null);
        continue;
      }
      const circadian = Math.cos(((m / 60 - 4) / 24) * 2 * Math.PI); // lowest about 04:00
      if (!asleepAt(m) && rng() < 0.01) activity = 20 + rng() * 45;
      activity *= 0.93;
      const base = asleepAt(m) ? person.restingHeartRate - 6 : person.restingHeartRate + 12;
      values.push(Math.round(clamp(base - 4 * circadian + activity + 2.5 * gaussian(rng), 35, 200)));
    }
    items.push({
      kind: 'series',
      clientRef: `${person.key}-hr-${d}`,
      metric: 'heart_rate',
      unit: 'bpm',
      start: isoWithOffset(dayStart(range, d), range.offsetMinutes),
      intervalSeconds: 60,
      values,
    });
  }
  return items;
}

/** Steps per minute: walks to work, errands, a run some days; none at night. */
export function stepsSeries(seed: number, person: Person, range: DayRange): SeriesItem[] {
  const items: SeriesItem[] = [];
  for (let d = 0; d < range.days; d++) {
    const rng = createRng(subSeed(seed, 'steps', person.key, d));
    const values: number[] = new Array(1440).fill(0);
    const target = person.dailySteps * (0.6 + 0.8 * rng());
    let total = 0;
    while (total < target) {
      const start = 7 * 60 + Math.floor(rng() * 14 * 60);
      const length = 5 + Math.floor(rng() * 40);
      const cadence = rng() < 0.1 ? 160 : 95 + 20 * rng();
      for (let m = start; m < Math.min(1440, start + length) && total < target; m++) {
        const s = Math.round(cadence + 8 * gaussian(rng));
        values[m] = clamp((values[m] ?? 0) + s, 0, 250);
        total += s;
      }
    }
    items.push({
      kind: 'series',
      clientRef: `${person.key}-steps-${d}`,
      metric: 'steps',
      unit: 'steps',
      start: isoWithOffset(dayStart(range, d), range.offsetMinutes),
      intervalSeconds: 60,
      values,
    });
  }
  return items;
}

/** Blood pressure twice a day on most days (morning and evening), with pulse. */
export function bloodPressureReadings(seed: number, person: Person, range: DayRange): ReadingItem[] {
  const rng = createRng(subSeed(seed, 'bp', person.key));
  const items: ReadingItem[] = [];
  for (let d = 0; d < range.days; d++) {
    for (const [slot, hour] of [
      ['am', 7.5],
      ['pm', 21],
    ] as const) {
      if (rng() < 0.25) continue;
      const at = dayStart(range, d) + (hour * 60 + rng() * 30) * MIN;
      const evening = slot === 'pm' ? -3 : 0;
      items.push({
        kind: 'reading',
        clientRef: `${person.key}-bp-${d}-${slot}`,
        takenAt: isoWithOffset(Math.round(at / 1000) * 1000, range.offsetMinutes),
        measures: [
          {
            metric: 'systolic_bp',
            value: Math.round(person.systolic + evening + 6 * gaussian(rng)),
            unit: 'mmHg',
          },
          {
            metric: 'diastolic_bp',
            value: Math.round(person.diastolic + evening + 4 * gaussian(rng)),
            unit: 'mmHg',
          },
          {
            metric: 'heart_rate',
            value: Math.round(person.restingHeartRate + 6 + 4 * gaussian(rng)),
            unit: 'bpm',
          },
        ],
      });
    }
  }
  return items;
}

/**
 * A night on the sleep analyzer: ~90-minute cycles (light → deep → light → REM, less deep towards
 * morning), brief wake-ups, and snoring episodes for a snorer. The night of day d starts on day d's
 * evening and is therefore reported the morning after.
 */
const wholeSecond = (ms: number) => Math.round(ms / 1000) * 1000;

export function sleepSessions(seed: number, person: Person, range: DayRange): SessionItem[] {
  const items: SessionItem[] = [];
  const iso = (ms: number) => isoWithOffset(ms, range.offsetMinutes);
  for (let d = 0; d < range.days - 1; d++) {
    const rng = createRng(subSeed(seed, 'sleep', person.key, d));
    if (rng() < 0.08) continue; // a night away from home
    // Whole seconds, as written: a stage cut short by the night's end must not round to nothing.
    const start = wholeSecond(dayStart(range, d) + (22.5 * 60 + rng() * 90) * MIN);
    const end = wholeSecond(start + (6.5 * 60 + rng() * 120) * MIN);
    const stages: NonNullable<SessionItem['stages']> = [];
    const events: NonNullable<SessionItem['events']> = [];
    let t = start;
    const push = (stage: 'awake' | 'light' | 'deep' | 'rem', minutes: number) => {
      const until = Math.min(end, t + Math.max(1, Math.round(minutes)) * MIN);
      if (until > t) stages.push({ stage, start: iso(t), end: iso(until) });
      t = until;
    };
    push('awake', 5 + rng() * 15);
    for (let cycle = 0; t < end; cycle++) {
      push('light', 25 + rng() * 20);
      push('deep', Math.max(5, 40 - cycle * 9 + 8 * gaussian(rng)));
      push('light', 10 + rng() * 15);
      push('rem', 10 + cycle * 6 + rng() * 10);
      if (rng() < 0.3) push('awake', 2 + rng() * 6);
    }
    if (person.snorer) {
      for (let k = 0; k < 3 + Math.floor(rng() * 5); k++) {
        const s = wholeSecond(start + (30 + rng() * ((end - start) / MIN - 60)) * MIN);
        events.push({ type: 'snoring', start: iso(s), end: iso(wholeSecond(s + (2 + rng() * 15) * MIN)) });
      }
      events.sort((a, b) => a.start.localeCompare(b.start));
    }
    items.push({
      kind: 'session',
      clientRef: `${person.key}-night-${d}`,
      type: 'sleep',
      start: iso(start),
      end: iso(end),
      stages,
      events,
    });
  }
  return items;
}

/** Body temperature now and then, with a few days of mild fever once in a while. */
export function bodyTemperatureReadings(seed: number, person: Person, range: DayRange): ReadingItem[] {
  const rng = createRng(subSeed(seed, 'temp', person.key));
  const feverDay = Math.floor(rng() * range.days);
  const items: ReadingItem[] = [];
  for (let d = 0; d < range.days; d++) {
    const fever = d >= feverDay && d < feverDay + 3 ? 1.3 - 0.4 * (d - feverDay) : 0;
    if (!fever && rng() > 0.2) continue;
    const at = dayStart(range, d) + (8 * 60 + rng() * 600) * MIN;
    items.push({
      kind: 'reading',
      clientRef: `${person.key}-temp-${d}`,
      takenAt: isoWithOffset(Math.round(at / 1000) * 1000, range.offsetMinutes),
      measures: [
        { metric: 'body_temperature', value: round(36.7 + fever + 0.2 * gaussian(rng), 1), unit: '°C' },
      ],
    });
  }
  return items;
}

/**
 * A bedroom air sensor every 10 minutes: CO2 rising through the night with the window shut, noise
 * higher in the day, room temperature following the heating schedule, humidity.
 */
export function airQualitySeries(seed: number, range: DayRange, intervalSeconds = 600): SeriesItem[] {
  const items: SeriesItem[] = [];
  const points = 86_400 / intervalSeconds;
  for (let d = 0; d < range.days; d++) {
    const rng = createRng(subSeed(seed, 'air', d));
    const co2: number[] = [];
    const noise: number[] = [];
    const temp: number[] = [];
    const humidity: number[] = [];
    let ppm = 520;
    for (let i = 0; i < points; i++) {
      const minute = (i * intervalSeconds) / 60;
      const night = asleepAt(minute);
      ppm = clamp(ppm + (night ? 9 : -12) + 6 * gaussian(rng), 410, 2500);
      co2.push(Math.round(ppm));
      noise.push(round(clamp((night ? 28 : 42) + 5 * gaussian(rng) + (rng() < 0.02 ? 25 : 0), 15, 110), 1));
      temp.push(round((night ? 18.5 : 20.5) + 0.3 * gaussian(rng), 1));
      humidity.push(round(clamp(45 + (night ? 5 : 0) + 2 * gaussian(rng), 20, 90), 1));
    }
    const start = isoWithOffset(dayStart(range, d), range.offsetMinutes);
    const series = (metric: string, unit: string, values: number[]): SeriesItem => ({
      kind: 'series',
      clientRef: `air-${metric}-${d}`,
      metric,
      unit,
      start,
      intervalSeconds,
      values,
    });
    items.push(
      series('co2', 'ppm', co2),
      series('noise', 'dB', noise),
      series('room_temperature', '°C', temp),
      series('humidity', '%', humidity),
    );
  }
  return items;
}

/** Where an item starts, for sorting and for "what the device has not sent yet". */
export function itemTime(item: ReadingItem | SeriesItem | SessionItem): number {
  return Date.parse(item.kind === 'reading' ? item.takenAt : item.start);
}
