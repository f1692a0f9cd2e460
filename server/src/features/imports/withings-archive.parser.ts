import path from 'node:path';
import type { Readable } from 'node:stream';
import { getMetric } from '@vitalbase/core';
import type { SleepStageTotals } from '../health-data';
import { csvRows, headerKey } from './csv-rows';
import type { ImportItem, ImportParser, ParseOptions } from './import-item';
import { UnreadableFile } from './import-item';
import { importNumber, importTime } from './local-time';
import { zipEntries } from './zip-entries';

/**
 * The Withings data archive (Health Mate → Download my data): a ZIP of CSVs whose headers follow the
 * account's language and units. Headers are matched without case, accents or unit ("Poids (lb)" is
 * the weight, in pounds); docs/import.md lists what maps to what and what is skipped.
 */

/** Header names per column, English, French and German (normalized by headerKey). */
const COLUMNS: Record<string, string[]> = {
  date: ['date', 'datum'],
  weight: ['weight', 'poids', 'gewicht'],
  fat_mass: ['fat mass', 'masse grasse', 'fettmasse'],
  bone_mass: ['bone mass', 'masse osseuse', 'knochenmasse'],
  muscle_mass: ['muscle mass', 'masse musculaire', 'muskelmasse'],
  hydration: ['hydration', 'hydratation', 'wasser'],
  fat_free_mass: ['fat free mass', 'masse maigre', 'fettfreie masse'],
  heart_rate: ['heart rate', 'frequence cardiaque', 'pouls', 'herzfrequenz'],
  systolic_bp: ['systolic', 'systolique', 'systolisch'],
  diastolic_bp: ['diastolic', 'diastolique', 'diastolisch'],
  height: ['height', 'taille', 'grosse'],
  body_temperature: ['temperature', 'temperature corporelle', 'korpertemperatur'],
  from: ['from', 'de', 'debut', 'von'],
  to: ['to', 'a', 'fin', 'bis'],
  average_heart_rate: ['average heart rate', 'frequence cardiaque moyenne', 'durchschnittliche herzfrequenz'],
  light: ['light', 'leger', 'sommeil leger', 'leichter schlaf', 'leicht'],
  deep: ['deep', 'profond', 'sommeil profond', 'tiefschlaf', 'tief'],
  rem: ['rem', 'sommeil paradoxal', 'rem schlaf'],
  awake: ['awake', 'eveille', 'eveil', 'wach'],
  wake_ups: ['wake up', 'reveils', 'nombre de reveils', 'aufwachen'],
  latency: ['duration to sleep', 'duree d endormissement', 'einschlafdauer'],
  snoring: ['snoring', 'ronflements', 'ronflement', 'schnarchen'],
  snoring_episodes: ['snoring episodes', 'episodes de ronflement', 'schnarchepisoden'],
  activity_type: ['activity type', 'type d activite', 'aktivitatstyp'],
  data: ['data', 'donnees', 'daten'],
  start: ['start', 'debut', 'beginn'],
  duration: ['duration', 'duree', 'dauer'],
  value: ['value', 'valeur', 'wert'],
};

/** Default units when a header carries none (Withings writes them for masses only). */
const DEFAULT_UNIT: Record<string, string> = {
  weight: 'kg',
  fat_mass: 'kg',
  bone_mass: 'kg',
  muscle_mass: 'kg',
  hydration: 'kg',
  fat_free_mass: 'kg',
  heart_rate: 'bpm',
  systolic_bp: 'mmHg',
  diastolic_bp: 'mmHg',
  height: 'm',
  body_temperature: '°C',
};
const UNIT_WORDS: Record<string, string> = {
  lbs: 'lb',
  livres: 'lb',
  '°f': '°F',
  '°c': '°C',
  f: '°F',
  c: '°C',
  meters: 'm',
  metres: 'm',
};

/** raw_*.csv: intraday values at one-minute slots (docs/import.md). */
const RAW_FILES: Record<string, { metric: string; unit: string }> = {
  raw_tracker_steps: { metric: 'steps', unit: 'steps' },
  raw_tracker_distance: { metric: 'distance', unit: 'm' },
  'raw_tracker_calories-earned': { metric: 'active_calories', unit: 'kcal' },
  raw_tracker_elevation: { metric: 'elevation', unit: 'm' },
  raw_hr_hr: { metric: 'heart_rate', unit: 'bpm' },
};
const READING_FILES: Record<string, string[]> = {
  weight: ['weight', 'fat_mass', 'bone_mass', 'muscle_mass', 'hydration', 'fat_free_mass'],
  bp: ['systolic_bp', 'diastolic_bp', 'heart_rate'],
  height: ['height'],
  body_temperature: ['body_temperature'],
};
const SKIPPED: Record<string, string> = {
  aggregates: 'daily totals are recomputed from the intraday raw_ files',
  signal: 'ECG signals are not stored',
  'raw_tracker_sleep-state': 'sleep is imported from sleep.csv',
};

type Columns = Map<string, { index: number; unit: string | undefined }>;

function columnsOf(header: string[]): Columns {
  const out: Columns = new Map();
  header.forEach((name, index) => {
    const { key, unit } = headerKey(name);
    for (const [col, names] of Object.entries(COLUMNS)) {
      if (names.includes(key) && !out.has(col)) out.set(col, { index, unit });
    }
  });
  return out;
}

function unitOf(col: string, columns: Columns): string {
  const written = columns.get(col)?.unit;
  if (!written) return DEFAULT_UNIT[col]!;
  const unit = UNIT_WORDS[written.toLowerCase()] ?? written;
  return getMetric(col)?.units[unit] ? unit : DEFAULT_UNIT[col]!;
}

const refused = (file: string, line: number, code: string, reason: string): ImportItem => ({
  kind: 'refused',
  file,
  line,
  code,
  reason,
});

function requireColumns(file: string, header: string[], columns: Columns, needed: string[]) {
  const missing = needed.filter((c) => !columns.has(c));
  if (!missing.length) return;
  throw new UnreadableFile(
    header.length === 1 ? 'wrong_delimiter' : 'unknown_header',
    header.length === 1
      ? `${file}: its columns could not be told apart (delimiter).`
      : `${file}: the columns ${missing.join(', ')} were not found in its header.`,
  );
}

interface Row {
  line: number;
  values: string[];
  columns: Columns;
}
const cell = (row: Row, col: string) => {
  const c = row.columns.get(col);
  return c ? (row.values[c.index] ?? '') : '';
};

/** A CSV file's rows with its columns found, once the header holds the `needed` ones. */
async function* rowsOf(file: string, stream: Readable, needed: string[]): AsyncGenerator<Row> {
  let columns: Columns = new Map();
  let header: string[] = [];
  for await (const row of csvRows(stream, (h) => {
    header = h;
    columns = columnsOf(h);
    requireColumns(file, header, columns, needed);
  })) {
    yield { line: row.line, values: row.values, columns };
  }
}

async function* readings(
  file: string,
  stream: Readable,
  metrics: string[],
  zone: string,
): AsyncGenerator<ImportItem> {
  for await (const row of rowsOf(file, stream, ['date'])) {
    const takenAt = importTime(cell(row, 'date'), zone);
    if (!takenAt) {
      yield refused(file, row.line, 'bad_date', 'The date could not be read.');
      continue;
    }
    const measures = metrics.flatMap((metric) => {
      const value = importNumber(cell(row, metric) || undefined);
      return value === undefined ? [] : [{ metric, value, unit: unitOf(metric, row.columns) }];
    });
    if (!measures.length) continue;
    yield { kind: 'reading', file, line: row.line, takenAt, measures };
  }
}

/** Rows of a span (from, to): sleep.csv and activities.csv. */
async function* spans(file: string, stream: Readable, zone: string) {
  for await (const row of rowsOf(file, stream, ['from', 'to'])) {
    const start = importTime(cell(row, 'from'), zone);
    const end = importTime(cell(row, 'to'), zone);
    if (!start || !end)
      yield { refused: refused(file, row.line, 'bad_date', 'The start or end could not be read.') };
    else yield { row, start, end };
  }
}

const optional = <K extends string>(key: K, value: number | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, number>>;

/**
 * sleep.csv: a night from → to with the seconds it spent in each stage. The archive gives the totals,
 * not when each stage was: the night carries them as its summary (docs/import.md), not invented spans.
 */
async function* sleep(file: string, stream: Readable, zone: string): AsyncGenerator<ImportItem> {
  for await (const span of spans(file, stream, zone)) {
    if (span.refused) {
      yield span.refused;
      continue;
    }
    const { row, start, end } = span;
    const mean = importNumber(cell(row, 'average_heart_rate') || undefined);
    const num = (col: string) => importNumber(cell(row, col) || undefined);
    const [light, deep, rem, awake] = [num('light'), num('deep'), num('rem'), num('awake')];
    const stageTotals: SleepStageTotals | undefined =
      light !== undefined && deep !== undefined && rem !== undefined
        ? {
            light,
            deep,
            rem,
            awake: awake ?? 0,
            ...optional('latency', num('latency')),
            ...optional('wakeUps', num('wake_ups')),
            ...optional('snoring', num('snoring')),
            ...optional('snoringEpisodes', num('snoring_episodes')),
          }
        : undefined;
    yield {
      kind: 'session',
      file,
      line: row.line,
      type: 'sleep',
      start,
      end,
      metrics: mean ? [{ metric: 'heart_rate', value: mean, unit: 'bpm' }] : [],
      ...(stageTotals ? { stageTotals } : {}),
    };
  }
}

/** activities.csv: a workout with its totals from the Data JSON (calories, distance, steps). */
async function* activities(file: string, stream: Readable, zone: string): AsyncGenerator<ImportItem> {
  for await (const span of spans(file, stream, zone)) {
    if (span.refused) {
      yield span.refused;
      continue;
    }
    const { row, start, end } = span;
    let data: Record<string, unknown> = {};
    try {
      const text = cell(row, 'data');
      data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      yield refused(file, row.line, 'bad_data', 'The Data column is not JSON.');
      continue;
    }
    const metrics = (
      [
        ['calories', 'active_calories', 'kcal'],
        ['distance', 'distance', 'm'],
        ['steps', 'steps', 'steps'],
      ] as const
    ).flatMap(([key, metric, unit]) =>
      typeof data[key] === 'number' && data[key] > 0 ? [{ metric, value: data[key] as number, unit }] : [],
    );
    const type = cell(row, 'activity_type');
    yield {
      kind: 'session',
      file,
      line: row.line,
      type: 'workout',
      start,
      end,
      metrics,
      ...(type ? { workoutType: type.toLowerCase().slice(0, 64) } : {}),
    };
  }
}

const MINUTE = 60_000;
const DAY = 1440;

/**
 * raw_*.csv: rows of (start, [durations], [values]); each value lands in the one-minute slot its time
 * falls in (summed for totals such as steps, the last kept for a rate). Rows are packed into one series
 * item per local day (and offset), as the Apple export's samples are: a decade of hourly rows is
 * 3,650 items a file rather than 87,600, each validated and merged once. A row before the day being
 * packed, on a later day or at another offset starts the next item; its line is its first row's.
 */
async function* raw(
  file: string,
  stream: Readable,
  metric: string,
  unit: string,
  zone: string,
): AsyncGenerator<ImportItem> {
  const sum = getMetric(metric)!.dailyAggregate === 'sum';
  /** The local day being packed: its midnight (as if UTC), offset, first row's line and slots. */
  let day: { midnight: number; offset: string; line: number; slots: Array<number | null> } | undefined;
  const flush = (): ImportItem | undefined => {
    const d = day;
    day = undefined;
    if (!d) return undefined;
    const first = d.slots.findIndex((v) => v !== null);
    if (first < 0) return undefined;
    const start = new Date(d.midnight + first * MINUTE).toISOString().slice(0, 19) + d.offset;
    return {
      kind: 'series',
      file,
      line: d.line,
      metric,
      unit,
      start,
      intervalSeconds: 60,
      values: d.slots.slice(first),
    };
  };
  for await (const row of rowsOf(file, stream, ['start', 'duration', 'value'])) {
    const start = importTime(cell(row, 'start'), zone);
    let durations: unknown;
    let values: unknown;
    try {
      durations = JSON.parse(cell(row, 'duration'));
      values = JSON.parse(cell(row, 'value'));
    } catch {
      yield refused(file, row.line, 'bad_data', 'The duration or value column is not a JSON list.');
      continue;
    }
    if (!start) {
      yield refused(file, row.line, 'bad_date', 'The start has no readable date with its UTC offset.');
      continue;
    }
    const ds = Array.isArray(durations) ? durations : [durations];
    const vs = Array.isArray(values) ? values : [values];
    if (
      ds.length !== vs.length ||
      !vs.every((v) => typeof v === 'number') ||
      !ds.every((d) => typeof d === 'number')
    ) {
      yield refused(file, row.line, 'bad_data', 'The durations and values do not match.');
      continue;
    }
    const span = ds.reduce((a, d) => a + (d as number), 0) - ((ds.at(-1) as number | undefined) ?? 0);
    if (span > DAY * 60) {
      yield refused(file, row.line, 'too_long', 'A row spans more than a day.');
      continue;
    }
    const offset = start.endsWith('Z') ? 'Z' : start.slice(-6);
    // Local wall-clock time as if UTC: its day's midnight and the minute of each value.
    const local = Date.parse(start) + offsetMinutes(offset) * MINUTE;
    const midnight = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
    if (day && (day.offset !== offset || midnight !== day.midnight || local < day.midnight)) {
      const item = flush();
      if (item) yield item;
    }
    day ??= { midnight, offset, line: row.line, slots: [] };
    const slots = day.slots;
    let at = local;
    vs.forEach((v, i) => {
      // A row running past midnight keeps its values in its own day's item (a series may cross days).
      const slot = Math.floor((at - midnight) / MINUTE);
      while (slots.length <= slot) slots.push(null);
      slots[slot] = sum ? (slots[slot] ?? 0) + (v as number) : (v as number);
      at += (ds[i] as number) * 1000;
    });
  }
  const last = flush();
  if (last) yield last;
}

function offsetMinutes(suffix: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(suffix);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

export const withingsArchiveParser: ImportParser = {
  async *parse(file: string, opts: ParseOptions): AsyncGenerator<ImportItem> {
    for await (const entry of zipEntries(file, opts.limits)) {
      const name = path.posix.basename(entry.name);
      const base = name.replace(/\.csv$/i, '');
      if (!/\.csv$/i.test(name)) {
        yield { kind: 'skipped_file', file: entry.name, reason: 'not a CSV file' };
        continue;
      }
      const skip = SKIPPED[base] ?? (base.startsWith('aggregates_') ? SKIPPED.aggregates : undefined);
      if (skip) {
        yield { kind: 'skipped_file', file: entry.name, reason: skip };
        continue;
      }
      const tz = opts.timeZone;
      if (READING_FILES[base]) yield* readings(name, await entry.open(), READING_FILES[base], tz);
      else if (base === 'sleep') yield* sleep(name, await entry.open(), tz);
      else if (base === 'activities') yield* activities(name, await entry.open(), tz);
      else if (RAW_FILES[base])
        yield* raw(name, await entry.open(), RAW_FILES[base].metric, RAW_FILES[base].unit, tz);
      else yield { kind: 'skipped_file', file: entry.name, reason: 'not a kind of data Vitalbase imports' };
    }
  },
};
