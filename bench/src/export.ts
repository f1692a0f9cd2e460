import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { and, eq, sql } from 'drizzle-orm';
import yauzl from 'yauzl';
import { buildExport } from '../../server/src/features/export/build-export';
import {
  healthMeasures,
  healthSeriesDays,
  healthSessions,
} from '../../server/src/features/health-data/health-data.schema';
import { createHealthDataIngest } from '../../server/src/features/health-data/ingest.service';
import { chunkRange, pastDays, sleepItems } from './data';
import { loadHeavyUser } from './reads';
import type { BenchApp } from './setup';
import type { Sizes } from './sizes';
import { since } from './stats';

export interface ExportBenchResult {
  /** Minute points of the series, measures of the readings, sessions (nights): what the archive carries. */
  seriesPoints: number;
  measures: number;
  sessions: number;
  points: number;
  seconds: number;
  pointsPerSecond: number;
  zipBytes: number;
  entries: number;
  /** Resident memory of the bench process: before the export (after a full GC) and its peak during it. */
  baselineRssMiB: number;
  peakRssMiB: number;
  rssGrowthMiB: number;
  /** Peak of V8's heap in use plus buffers outside it (sampled): what the export holds, garbage included. */
  peakHeapMiB: number;
  loadSeconds: number;
}

/** The heavy user of the export and erasure workloads (erasure purges it afterwards). */
export type HeavyUser = Awaited<ReturnType<typeof loadHeavyUser>>;

// A full collection before the baseline, so it is what is live, not garbage not yet swept.
setFlagsFromString('--expose-gc');
export const gc = runInNewContext('gc') as () => void;
const MiB = 2 ** 20;

/** Five years (full sizes) of minute heart rate and steps, weigh-ins, and nights on a sleep analyzer. */
export async function loadExportUser(b: BenchApp, sizes: Sizes): Promise<HeavyUser> {
  const user = await loadHeavyUser(b, {
    heartRateDays: sizes.exportDays,
    stepsDays: sizes.exportDays,
    weighInDays: sizes.exportWeighInDays,
  });
  const analyzer = await user.pair('vb-sleep');
  const ingest = createHealthDataIngest({ database: b.database, now: () => new Date() });
  // Person 99, as the other data of the heavy user.
  for (const r of chunkRange(pastDays(sizes.exportDays), 365)) {
    const { results } = await ingest.ingest(
      user.id,
      { source: 'device', deviceId: analyzer.id, deviceKind: 'sleep_analyzer' },
      sleepItems(99, r),
    );
    const bad = results.find((x) => x.status !== 'stored');
    if (bad) throw new Error(`loading the nights: ${JSON.stringify(bad).slice(0, 300)}`);
  }
  return user;
}

/**
 * Workload 4: `buildExport` (what the export job and the CLI run) of the heavy user into a ZIP file,
 * timed, with the process's resident memory sampled throughout. The archive is then read back with a
 * real ZIP reader: the suite fails unless it holds every file the builder listed and the heart-rate
 * CSV has one line per stored point.
 */
export async function runExport(
  b: BenchApp,
  user: HeavyUser,
  loadSeconds: number,
): Promise<ExportBenchResult> {
  const db = b.database.db;
  const seriesOf = async (metric?: string) => {
    const [row] = await db
      .select({ n: sql<string>`coalesce(sum(${healthSeriesDays.pointCount}), 0)` })
      .from(healthSeriesDays)
      .where(
        metric
          ? and(eq(healthSeriesDays.userId, user.id), eq(healthSeriesDays.metric, metric))
          : eq(healthSeriesDays.userId, user.id),
      );
    return Number(row!.n);
  };
  const seriesPoints = await seriesOf();
  const heartRatePoints = await seriesOf('heart_rate');
  const measures = await db.$count(healthMeasures, eq(healthMeasures.userId, user.id));
  const sessions = await db.$count(healthSessions, eq(healthSessions.userId, user.id));
  const points = seriesPoints + measures + sessions;

  const dir = mkdtempSync(path.join(tmpdir(), 'vitalbase-bench-export-'));
  const file = path.join(dir, 'export.zip');
  try {
    gc();
    const baseline = process.memoryUsage.rss();
    const peak = peakRss();
    let sampled = baseline;
    let heap = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      sampled = Math.max(sampled, m.rss);
      heap = Math.max(heap, m.heapUsed + m.external + m.arrayBuffers);
    }, 5);
    const t0 = performance.now();
    const result = await buildExport(b.app.ctx, user.id, createWriteStream(file));
    const ms = since(t0);
    clearInterval(sampler);
    const peakBytes = Math.max(sampled, process.memoryUsage.rss(), peak());

    const entries = await zipEntries(file);
    const missing = result.files.filter((f) => !entries.includes(f));
    if (missing.length || entries.length !== result.files.length)
      throw new Error(`export: the ZIP holds ${entries.join(', ')}; expected ${result.files.join(', ')}`);
    for (const expected of [
      'summary.html',
      'data.json',
      'csv/heart_rate.csv',
      'csv/steps.csv',
      'csv/sessions.csv',
    ])
      if (!entries.includes(expected)) throw new Error(`export: ${expected} is missing from the ZIP`);
    const lines = await countLines(file, 'csv/heart_rate.csv');
    if (lines !== heartRatePoints + 1)
      throw new Error(`export: csv/heart_rate.csv has ${lines} lines for ${heartRatePoints} points`);

    return {
      seriesPoints,
      measures,
      sessions,
      points,
      seconds: ms / 1000,
      pointsPerSecond: points / (ms / 1000),
      zipBytes: statSync(file).size,
      entries: entries.length,
      baselineRssMiB: baseline / MiB,
      peakRssMiB: peakBytes / MiB,
      rssGrowthMiB: (peakBytes - baseline) / MiB,
      peakHeapMiB: heap / MiB,
      loadSeconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Linux keeps the process's peak resident size (VmHWM) and lets a process reset it (clear_refs 5):
 * the exact peak, between the samples too. Elsewhere the samples alone count.
 */
export function peakRss(): () => number {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    return () => 0;
  }
  return () => {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  };
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (err, zip) => (err || !zip ? reject(err) : resolve(zip))),
  );
}

/** The archive's file names, from its central directory. */
async function zipEntries(file: string): Promise<string[]> {
  const zip = await openZip(file);
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      names.push(e.fileName);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  zip.close();
  return names;
}

/** Lines of one file of the archive, decompressed as a stream (never held whole in memory). */
async function countLines(file: string, name: string): Promise<number> {
  const zip = await openZip(file);
  return new Promise<number>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      if (e.fileName !== name) return zip.readEntry();
      zip.openReadStream(e, (err, stream) => {
        if (err || !stream) return reject(err);
        let lines = 0;
        stream.on('data', (chunk: Buffer) => {
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        });
        stream.on('end', () => {
          zip.close();
          resolve(lines);
        });
        stream.on('error', reject);
      });
    });
    zip.on('end', () => reject(new Error(`export: ${name} is missing from the ZIP`)));
    zip.on('error', reject);
    zip.readEntry();
  });
}
