import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { getMetric, type MetricDefinition, toCanonical } from '@vitalbase/core';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { MinutePacker, NightGrouper } from './apple-health-packing';
import {
  APPLE_QUANTITIES,
  APPLE_UNITS,
  appleTime,
  BP_CORRELATION,
  SLEEP_STAGES,
  SLEEP_TYPE,
  UNMAPPED_ELEMENTS,
} from './apple-health.types';
import { type ImportItem, type ImportParser, UnreadableFile } from './import-item';
import { readGpxRoute } from './apple-health-routes';
import { openZip, type ZipEntry } from './zip-entries';

type Attrs = Record<string, string>;
type Measure = { metric: string; value: number; unit: string };

/**
 * The Apple Health export (Health → Export All Health Data): export.zip holding
 * apple_health_export/export.xml, or that export.xml alone. Streamed through saxes, a chunk at a time:
 * a file of several gigabytes holds one chunk's items in memory, one day of series per metric and one
 * night. saxes does not read a DTD: the DOCTYPE with its internal subset is accepted and ignored, an
 * external entity is never fetched, and a DOCTYPE declaring any entity is refused before its first
 * reference (a billion laughs), as is a reference to an undeclared one. docs/import.md has the mapping.
 */
export const appleHealthParser: ImportParser = {
  async *parse(file, opts) {
    if (!(await isZip(file))) {
      yield* exportXml(createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 }));
      return;
    }
    const zip = await openZip(file, opts.limits);
    try {
      const xml = zip.entries.find((e) => path.posix.basename(e.name) === 'export.xml');
      if (!xml)
        throw new UnreadableFile('no_export_xml', 'The archive holds no apple_health_export/export.xml.');
      // workout-routes/*.gpx, by the path export.xml's FileReference gives ("/workout-routes/…").
      const files = new Map<string, ZipEntry>();
      for (const e of zip.entries) {
        const at = e.name.indexOf('workout-routes/');
        if (at >= 0 && e.name.endsWith('.gpx')) files.set(e.name.slice(at), e);
      }
      const routes: Routes = { consent: opts.mayStoreLocation === true, files, read: new Set() };
      const stream = await xml.open();
      stream.setEncoding('utf8');
      yield* exportXml(stream, routes);
      // Every other file or folder (workout-routes/ holds one GPX per workout) is listed once.
      const skipped = new Set<string>();
      for (const entry of zip.entries) {
        if (entry === xml) continue;
        const parts = entry.name.split('/');
        const listed = parts.length > 2 ? `${parts.slice(0, -1).join('/')}/` : entry.name;
        if (skipped.has(listed)) continue;
        const reason = skipReason(entry.name, routes);
        if (!reason) continue;
        skipped.add(listed);
        yield { kind: 'skipped_file', file: listed, reason };
      }
    } finally {
      zip.close();
    }
  },
};

/** Workout routes of the archive: read with their workout only under the geolocation consent (P13). */
interface Routes {
  consent: boolean;
  files: Map<string, ZipEntry>;
  /** The route files a workout was imported with. */
  read: Set<string>;
}

function skipReason(name: string, routes: Routes): string | undefined {
  if (name.includes('workout-routes/')) {
    if (!routes.consent)
      return `${routes.files.size} workout routes: location data is imported only with your consent to geolocation (privacy center)`;
    const left = routes.files.size - routes.read.size;
    return left ? `${left} workout routes no workout of export.xml refers to` : undefined;
  }
  if (name.endsWith('export_cda.xml')) return 'the clinical document repeats export.xml';
  if (name.includes('electrocardiograms/')) return 'ECG signals are not stored';
  return 'not a kind of data Vitalbase imports';
}

async function isZip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    return head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

/** A quantity type in one unit, resolved once: the catalog's metric and unit, the canonical conversion. */
interface MeasureRule {
  metric: string;
  unit: string;
  series: boolean;
  def: MetricDefinition;
}
type Resolved = MeasureRule | { code: string; reason: string } | undefined;
const UNKNOWN_UNIT = { code: 'unknown_unit', reason: 'The unit is not one the catalog knows.' };
/**
 * type → unit → rule: an export repeats a few dozen pairs millions of times, so the tables and the
 * catalog are looked up once a pair, not once a record (issue #18). Unmapped types are not kept.
 */
const rules = new Map<string, Map<string, Resolved>>();

function ruleOf(type: string, unitText: string): Resolved {
  const mapping = APPLE_QUANTITIES[type];
  if (!mapping) return undefined;
  let byUnit = rules.get(type);
  if (!byUnit) {
    byUnit = new Map();
    rules.set(type, byUnit);
  }
  let rule = byUnit.get(unitText);
  if (rule === undefined) {
    const unit = mapping.units?.[unitText] ?? APPLE_UNITS[unitText];
    const def = getMetric(mapping.metric)!;
    rule =
      unit && def.units[unit]
        ? { metric: mapping.metric, unit, series: mapping.series === true, def }
        : UNKNOWN_UNIT;
    // A file of made-up unit strings does not grow the table.
    if (byUnit.size < 100) byUnit.set(unitText, rule);
  }
  return rule;
}

/** A record's value in the catalog's unit (with its rule), or why it cannot be read. */
function measureOf(
  a: Attrs,
): (Measure & { rule: MeasureRule }) | { code: string; reason: string } | undefined {
  const rule = ruleOf(a.type ?? '', a.unit ?? '');
  if (!rule) return undefined;
  const value = Number(a.value);
  if (a.value === undefined || !Number.isFinite(value))
    return { code: 'bad_value', reason: 'The value is not a number.' };
  if (!('metric' in rule)) return rule;
  return { metric: rule.metric, value, unit: rule.unit, rule };
}

async function* exportXml(stream: Readable, routes?: Routes): AsyncGenerator<ImportItem> {
  const sax = new SaxesParser({ position: true });
  let out: ImportItem[] = [];
  const packers = new Map<string, MinutePacker>();
  const nights = new NightGrouper();
  let correlation: { line: number; takenAt?: string; measures: Measure[] } | undefined;
  let workout: { line: number; a: Attrs; stats: Measure[]; routeFile?: string } | undefined;
  /** Workouts waiting for their route file to be read (async, between two chunks of export.xml). */
  const pendingRoute = new Map<ImportItem, string>();
  const withRoute = async (item: ImportItem): Promise<ImportItem> => {
    const file = pendingRoute.get(item);
    if (file === undefined || item.kind !== 'session') return item;
    pendingRoute.delete(item);
    const entry = routes?.files.get(file.replace(/^\/+/, ''));
    if (!entry || !routes?.consent) return item;
    routes.read.add(file.replace(/^\/+/, ''));
    const route = await readGpxRoute(await entry.open(), {
      start: Date.parse(item.start),
      end: Date.parse(item.end),
    });
    return route.length ? { ...item, route } : item;
  };
  let depth = 0;
  let sawRoot = false;

  const refuse = (line: number, code: string, reason: string) =>
    out.push({ kind: 'refused', line, code, reason });
  const push = (item: ImportItem | undefined) => item && out.push(item);

  const record = (a: Attrs, line: number) => {
    const type = a.type ?? '';
    if (type === SLEEP_TYPE) {
      const start = appleTime(a.startDate);
      const end = appleTime(a.endDate);
      const stage = SLEEP_STAGES[a.value ?? ''];
      if (!start || !end) return refuse(line, 'bad_date', 'The start or end date could not be read.');
      if (stage === undefined) return out.push({ kind: 'unmapped', type: `${type} ${a.value ?? ''}`.trim() });
      return push(nights.add(start, end, stage, line));
    }
    const m = measureOf(a);
    if (!m) return out.push({ kind: 'unmapped', type: type.slice(0, 100) });
    if (!('metric' in m)) return refuse(line, m.code, m.reason);
    const takenAt = appleTime(a.startDate);
    if (!takenAt) return refuse(line, 'bad_date', 'The start date has no readable time and UTC offset.');
    const { rule } = m;
    if (correlation) {
      correlation.takenAt ??= takenAt;
      correlation.measures.push({ metric: m.metric, value: m.value, unit: m.unit });
      return;
    }
    if (!rule.series)
      return out.push({
        kind: 'reading',
        line,
        takenAt,
        measures: [{ metric: m.metric, value: m.value, unit: m.unit }],
      });
    // A series item is refused whole by the ingest: a point out of range is refused here, alone.
    const def = rule.def;
    const canonical = toCanonical(def.units, m.unit, m.value)!;
    if (canonical < def.range.min || canonical > def.range.max)
      return refuse(line, 'out_of_range', 'The value is outside the physical range.');
    let packer = packers.get(m.metric);
    if (!packer) {
      packer = new MinutePacker(m.metric, def.unit);
      packers.set(m.metric, packer);
    }
    push(packer.add(takenAt, canonical, a.sourceName ?? '', line));
  };

  const closeWorkout = () => {
    const w = workout!;
    workout = undefined;
    const start = appleTime(w.a.startDate);
    const end = appleTime(w.a.endDate);
    if (!start || !end) return refuse(w.line, 'bad_date', 'The start or end date could not be read.');
    const metrics: Measure[] = [];
    const total = (value: string | undefined, unit: string | undefined, metric: string) => {
      const v = Number(value);
      const u = APPLE_UNITS[unit ?? ''];
      if (value && Number.isFinite(v) && v > 0 && u && getMetric(metric)!.units[u])
        metrics.push({ metric, value: v, unit: u });
    };
    total(w.a.totalEnergyBurned, w.a.totalEnergyBurnedUnit, 'active_calories');
    total(w.a.totalDistance, w.a.totalDistanceUnit, 'distance');
    // iOS 16 and later write the totals as WorkoutStatistics children instead of attributes.
    for (const s of w.stats) if (!metrics.some((m) => m.metric === s.metric)) metrics.push(s);
    const kind = (w.a.workoutActivityType ?? '').replace(/^HKWorkoutActivityType/, '').toLowerCase();
    const item: ImportItem = {
      kind: 'session',
      line: w.line,
      type: 'workout',
      start,
      end,
      metrics,
      ...(kind ? { workoutType: kind.slice(0, 64) } : {}),
    };
    out.push(item);
    if (w.routeFile) pendingRoute.set(item, w.routeFile);
  };

  sax.on('doctype', (doctype) => {
    // Apple's DOCTYPE declares elements and attributes only; an entity is an attack, not health data.
    if (/<!ENTITY/i.test(doctype))
      throw new UnreadableFile('entity_expansion', 'The XML declares entities, which are never expanded.');
  });
  sax.on('opentag', (tag) => {
    depth += 1;
    const a = (tag as SaxesTagPlain).attributes;
    const line = sax.line;
    if (depth === 1) {
      if (tag.name !== 'HealthData')
        throw new UnreadableFile('not_apple_health', 'The XML is not an Apple Health export.');
      sawRoot = true;
    } else if (depth === 2) {
      if (tag.name === 'Record') record(a, line);
      else if (tag.name === 'Correlation') {
        if (a.type === BP_CORRELATION) correlation = { line, measures: [] };
        else out.push({ kind: 'unmapped', type: (a.type ?? 'Correlation').slice(0, 100) });
      } else if (tag.name === 'Workout') workout = { line, a, stats: [] };
      else {
        const unmapped = UNMAPPED_ELEMENTS[tag.name];
        if (unmapped) out.push({ kind: 'unmapped', type: unmapped });
      }
    } else if (depth === 3 && correlation && tag.name === 'Record') record(a, line);
    else if (depth === 3 && workout && tag.name === 'WorkoutStatistics' && a.sum) {
      const m = measureOf({ ...a, value: a.sum });
      if (m && 'metric' in m && ['active_calories', 'distance'].includes(m.metric))
        workout.stats.push({ metric: m.metric, value: m.value, unit: m.unit });
    } else if (depth === 4 && workout && tag.name === 'FileReference' && a.path) workout.routeFile = a.path;
  });
  sax.on('closetag', (tag) => {
    depth -= 1;
    if (depth !== 1) return;
    if (tag.name === 'Correlation' && correlation) {
      const c = correlation;
      correlation = undefined;
      if (c.takenAt && c.measures.length)
        out.push({ kind: 'reading', line: c.line, takenAt: c.takenAt, measures: c.measures });
    } else if (tag.name === 'Workout' && workout) closeWorkout();
  });

  const write = (chunk: string | null) => {
    try {
      if (chunk === null) sax.close();
      else sax.write(chunk);
    } catch (err) {
      if (err instanceof UnreadableFile) throw err;
      throw new UnreadableFile('bad_xml', 'The XML is damaged, truncated or not an Apple Health export.');
    }
  };
  for await (const chunk of stream) {
    write(chunk as string);
    if (out.length) {
      const items = out;
      out = [];
      for (const item of items) yield await withRoute(item);
    }
  }
  write(null);
  if (!sawRoot) throw new UnreadableFile('not_apple_health', 'The XML is not an Apple Health export.');
  push(nights.flush());
  for (const packer of packers.values()) push(packer.flush());
  for (const item of out) yield await withRoute(item);
}
