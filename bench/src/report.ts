import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { Sizes } from './sizes';
import type { EngineResult } from './workloads';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
  commit: string;
}

export function describeMachine(): Machine {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim();
    if (dirty) commit += ' (with uncommitted changes)';
  } catch {
    // not a git checkout
  }
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
    commit,
  };
}

const n = (v: number, digits = 0) =>
  Number.isFinite(v)
    ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

interface Row {
  figure: string;
  values: string[];
  goal: string;
}

/** One row per figure, one column per engine. */
function figureRows(results: EngineResult[]): Row[] {
  const by = (f: (r: EngineResult) => string) => results.map(f);
  const rows: Row[] = [
    {
      figure: 'Ingest over HTTP: points/s (devices syncing at once)',
      values: by(
        (r) =>
          `${n(r.ingest.pointsPerSecond)} (${r.ingest.devices} devices, ${r.ingest.requests} requests, ${n(r.ingest.points)} points)`,
      ),
      goal:
        by((r) =>
          r.engine === 'pglite' ? `≥ 30,000/s: ${verdict(r.ingest.pointsPerSecond >= 30_000)}` : '—',
        )
          .filter((g) => g !== '—')
          .join(' ') || '—',
    },
    {
      figure: 'Sync latency p50 / p99 (ms)',
      values: by((r) => `${n(r.ingest.p50Ms)} / ${n(r.ingest.p99Ms)}`),
      goal: '—',
    },
    {
      figure: 'Raw write of the same rows: points/s',
      values: by(
        (r) =>
          `${n(r.rawCopy.pointsPerSecond)} (${r.rawCopy.method}, ${n(r.rawCopy.rows)} rows, ${n(r.rawCopy.seconds, 2)} s)`,
      ),
      goal: '—',
    },
    {
      figure: 'HTTP ingest ÷ raw write',
      values: by((r) => `${n(r.ingestRatio * 100, 1)} %`),
      goal:
        by((r) => (r.engine === 'postgres' ? `≥ 50 % on PostgreSQL: ${verdict(r.ingestRatio >= 0.5)}` : ''))
          .filter(Boolean)
          .join(' ') || '≥ 50 % on PostgreSQL',
    },
    {
      figure: 'Bytes per intraday point (table + indexes + TOAST)',
      values: by(
        (r) =>
          `${n(r.storage.bytesPerIntradayPoint, 2)} (${n(r.storage.seriesBytes / 2 ** 20, 1)} MiB / ${n(r.storage.seriesPoints)} points)`,
      ),
      goal: `≤ 4: ${by((r) => `${r.engine} ${verdict(r.storage.bytesPerIntradayPoint <= 4)}`).join(', ')}`,
    },
    {
      figure: 'Bytes per discrete reading / per measure (readings + measures, with indexes)',
      values: by(
        (r) =>
          `${n(r.storage.bytesPerReading)} / ${n(r.storage.bytesPerMeasure)} (${n(r.storage.readings)} readings)`,
      ),
      goal: '—',
    },
  ];
  const names = results[0]?.reads.map((x) => x.name) ?? [];
  names.forEach((name, i) => {
    const goal =
      i === 1
        ? (r: EngineResult) => `p99 ≤ 50 ms: ${r.engine} ${verdict(r.reads[i]!.p99Ms <= 50)}`
        : i === 0
          ? (r: EngineResult) =>
              `p99 ≤ 20 ms and ≥ 2,000 req/s: ${r.engine} ${verdict(r.reads[i]!.p99Ms <= 20 && r.reads[i]!.requestsPerSecond >= 2000)}`
          : () => '';
    rows.push({
      figure: `Read: ${name} — p50 / p99 ms, req/s (${results[0]!.reads[i]!.connections} connections)`,
      values: by(
        (r) =>
          `${n(r.reads[i]!.p50Ms)} / ${n(r.reads[i]!.p99Ms)}, ${n(r.reads[i]!.requestsPerSecond)}/s${r.reads[i]!.timeouts ? `, ${r.reads[i]!.timeouts} timeouts` : ''}`,
      ),
      goal: by(goal).filter(Boolean).join(', ') || '—',
    });
  });
  rows.push({
    figure:
      'Start-up to first answered request, fresh / existing data (ms), built JavaScript; existing through the TypeScript loader; CPU ms of the existing starts, built / loader',
    values: by(
      (r) =>
        `${n(r.startup.firstStartMs)} / ${n(r.startup.existingStartMs)}; loader ${n(r.startup.loaderExistingStartMs)}; CPU ${n(r.startup.existingStartCpuMs)} / ${n(r.startup.loaderExistingStartCpuMs)}`,
    ),
    goal: '—',
  });
  rows.push(...laterRows(results));
  return rows;
}

/** Export, erasure, growth (workloads 4–6). */
function laterRows(results: EngineResult[]): Row[] {
  const by = (f: (r: EngineResult) => string) => results.map(f);
  const goals = (f: (r: EngineResult) => string) => by((r) => `${r.engine} ${f(r)}`).join(', ');
  const pct = (v: number) => `${n(v * 100)} %`;
  const growth = (
    r: EngineResult,
    f: (s: EngineResult['growth']['steps'][number]) => number,
    digits: number,
  ) => r.growth.steps.map((s) => `${s.scale}×: ${n(f(s), digits)}`).join(', ');
  return [
    {
      figure: 'Export of the heavy user (ZIP): points/s',
      values: by(
        (r) =>
          `${n(r.export.pointsPerSecond)} (${n(r.export.points)} points: ${n(r.export.seriesPoints)} series, ${n(r.export.measures)} measures, ${n(r.export.sessions)} nights; ${n(r.export.seconds, 1)} s, ${n(r.export.zipBytes / 2 ** 20, 1)} MiB)`,
      ),
      goal: `≥ 1,000,000/s: ${goals((r) => verdict(r.export.pointsPerSecond >= 1_000_000))}`,
    },
    {
      figure: 'Export: peak RSS of the bench process / growth over the baseline (MiB)',
      values: by(
        (r) =>
          `${n(r.export.peakRssMiB)} / +${n(r.export.rssGrowthMiB)} (baseline ${n(r.export.baselineRssMiB)})`,
      ),
      goal: `≤ 200 MB, judged on the growth (the process also holds the app${results.some((r) => r.engine === 'pglite') ? ' and PGlite’s database' : ''}): ${goals((r) => verdict(r.export.rssGrowthMiB * 2 ** 20 <= 200e6))}`,
    },
    {
      figure: 'Erasure of the heavy user: request (ms) / purge (s)',
      values: by(
        (r) =>
          `${n(r.erasure.requestMs)} / ${n(r.erasure.purgeSeconds, 2)} (${n(r.erasure.rowsBefore)} rows)`,
      ),
      goal: '—',
    },
    {
      figure: `Another user's latest 30 days during the purge: p99 (ms) without / during, ratio (${results[0]?.erasure.connections} connections)`,
      values: by(
        (r) =>
          `${n(r.erasure.idleP99Ms)} / ${n(r.erasure.duringP99Ms)}, ${n(r.erasure.p99Ratio, 1)}× (${n(r.erasure.idleRequests)} / ${n(r.erasure.duringRequests)} requests)`,
      ),
      goal: `≤ 2×: ${goals((r) => verdict(r.erasure.p99Ratio <= 2))}`,
    },
    {
      figure: `Growth: ingest µs per point at ${results[0]?.growth.steps.map((s) => `${s.scale}×`).join(' / ')} of ${results[0]?.growth.baseDays} days, largest deviation`,
      values: by((r) => `${growth(r, (s) => s.ingestUsPerPoint, 2)}; ${pct(r.growth.ingestDeviation)}`),
      goal: `flat ± 20 %: ${goals((r) => verdict(r.growth.ingestDeviation <= 0.2))}`,
    },
    {
      figure:
        'Growth: read (chart of the latest days, same points at each scale) ns per point, largest deviation',
      values: by((r) => `${growth(r, (s) => s.readNsPerPoint, 0)}; ${pct(r.growth.readDeviation)}`),
      goal: `flat ± 20 %: ${goals((r) => verdict(r.growth.readDeviation <= 0.2))}`,
    },
  ];
}

export function printTable(results: EngineResult[]) {
  const rows = figureRows(results);
  console.log(`\n${['figure', ...results.map((r) => r.engine), 'goal'].join(' | ')}`);
  for (const row of rows) console.log([row.figure, ...row.values, row.goal].join(' | '));
}

export function markdown(
  results: EngineResult[],
  machine: Machine,
  sizes: Sizes,
  command: string,
  notes: string,
): string {
  const rows = figureRows(results);
  const header = `| figure | ${results.map((r) => r.engine).join(' | ')} | goal (issue 7) |\n|---|${results.map(() => '---|').join('')}---|`;
  const body = rows.map((r) => `| ${r.figure} | ${r.values.join(' | ')} | ${r.goal} |`).join('\n');
  return `# Benchmark results

Generated by \`${command}\` — do not edit by hand above the notes; run it again instead.

- Date: ${machine.date}
- Commit: ${machine.commit}
- Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB memory, ${machine.platform}, Node ${machine.node}
- Engines: ${results.map((r) => r.engine).join(', ')} (PostgreSQL: a throwaway server from scripts/with-postgres.mjs with fsync off; PGlite in memory, start-up on disk)
- Sizes: ${JSON.stringify(sizes)}

${header}
${body}

${notes}
`;
}
