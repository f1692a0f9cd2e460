import { type ErasureBenchResult, runErasure } from './erasure';
import { type ExportBenchResult, loadExportUser, runExport } from './export';
import { type GrowthResult, runGrowth } from './growth';
import { type IngestResult, runIngest } from './ingest';
import { type RawCopyResult, runRawCopy } from './raw-copy';
import { type ReadResult, runReads } from './reads';
import { type Engine, startBenchApp } from './setup';
import type { Sizes } from './sizes';
import { assertFigure } from './stats';
import { runStartup, type StartupResult } from './startup';
import { runStorage, type StorageResult } from './storage';

export interface EngineResult {
  engine: Engine;
  ingest: IngestResult;
  rawCopy: RawCopyResult & { pointsPerSecond: number };
  /** HTTP ingest points/s ÷ raw write points/s of the same rows. */
  ingestRatio: number;
  storage: StorageResult;
  reads: ReadResult[];
  startup: StartupResult;
  export: ExportBenchResult;
  erasure: ErasureBenchResult;
  growth: GrowthResult;
}

const t0 = performance.now();
const log = (engine: Engine, msg: string) =>
  console.error(`[bench ${engine} +${((performance.now() - t0) / 1000).toFixed(1)} s] ${msg}`);

/** Every workload on one engine, in priority order, on one fresh database. */
export async function runEngine(engine: Engine, sizes: Sizes): Promise<EngineResult> {
  const b = await startBenchApp(engine);
  try {
    log(engine, `ingest: ${sizes.devices} devices × ${sizes.daysPerDevice} days over HTTP`);
    const ingest = await runIngest(b, sizes);
    log(engine, 'raw write of the same rows');
    const raw = await runRawCopy(b, ingest.userIds);
    // The same points, written raw: points per second of the raw path.
    const rawCopy = { ...raw, pointsPerSecond: ingest.points / raw.seconds };
    log(engine, 'reads: loading the heavy user');
    const reads = await runReads(b, sizes);
    log(engine, 'storage');
    const storage = await runStorage(b);
    log(engine, 'start-up');
    const startup = await runStartup(b);
    log(engine, `export: loading the heavy user (${sizes.exportDays} days)`);
    const loadStart = performance.now();
    const exportUser = await loadExportUser(b, sizes);
    log(engine, 'export');
    const exported = await runExport(b, exportUser, (performance.now() - loadStart) / 1000);
    log(engine, 'erasure of the heavy user, another user reading');
    const erasure = await runErasure(b, exportUser, sizes);
    log(engine, `growth: ${sizes.growthScales.join('×, ')}× of ${sizes.growthBaseDays} days`);
    const growth = await runGrowth(b, sizes);
    const result: EngineResult = {
      engine,
      ingest,
      rawCopy,
      ingestRatio: ingest.pointsPerSecond / rawCopy.pointsPerSecond,
      storage,
      reads,
      startup,
      export: exported,
      erasure,
      growth,
    };
    checkFigures(result);
    log(engine, 'done');
    return result;
  } finally {
    await b.close();
  }
}

/** The suite is broken if a workload produced no number (timings themselves never fail it). */
export function checkFigures(r: EngineResult) {
  const e = r.engine;
  assertFigure(`${e} ingest points/s`, r.ingest.pointsPerSecond);
  assertFigure(`${e} ingest p99`, r.ingest.p99Ms);
  assertFigure(`${e} raw points/s`, r.rawCopy.pointsPerSecond);
  assertFigure(`${e} raw rows`, r.rawCopy.rows);
  assertFigure(`${e} bytes per intraday point`, r.storage.bytesPerIntradayPoint);
  assertFigure(`${e} bytes per reading`, r.storage.bytesPerReading);
  if (r.reads.length !== 3) throw new Error(`${e}: expected 3 read workloads, got ${r.reads.length}`);
  for (const read of r.reads) {
    assertFigure(`${e} ${read.name} requests`, read.requests);
    assertFigure(`${e} ${read.name} p99`, read.p99Ms);
  }
  assertFigure(`${e} start-up`, r.startup.existingStartMs);
  assertFigure(`${e} start-up through the loader`, r.startup.loaderExistingStartMs);
  assertFigure(`${e} export points/s`, r.export.pointsPerSecond);
  assertFigure(`${e} export peak RSS`, r.export.peakRssMiB);
  assertFigure(`${e} erasure purge seconds`, r.erasure.purgeSeconds);
  assertFigure(`${e} erasure idle p99`, r.erasure.idleP99Ms);
  assertFigure(`${e} erasure p99 during the purge`, r.erasure.duringP99Ms);
  if (r.growth.steps.length < 2) throw new Error(`${e}: growth measured ${r.growth.steps.length} scales`);
  for (const s of r.growth.steps) {
    assertFigure(`${e} growth ${s.scale}× ingest cost`, s.ingestUsPerPoint);
    assertFigure(`${e} growth ${s.scale}× read cost`, s.readNsPerPoint);
  }
}
