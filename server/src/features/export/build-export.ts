import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { Config } from '../../config';
import type { Database, Executor } from '../../db/client';
import { NotFound } from '../../lib/errors';
import { metricCsvFiles } from './csv-files';
import { sessionsCsv } from './export-csv';
import { readingNotesCsv } from './notes-csv';
import { ByteText } from './byte-text';
import { writeSeriesDayPointsJson } from './series-csv';
import { useNativeZipCrc } from './zip-crc';
import { fhirFiles } from './export-fhir';
import { rowToJson } from './export-format';
import { type ExportOverview, loadExportOverview } from './export-overview';
import { HEALTH_SECTIONS, NOT_EXPORTED, otherTables, TABLE_SECTIONS } from './export-sections';
import { type ExportFile, renderSummaryHtml } from './export-summary';
import { type PageOptions, readingPages, seriesDayPages, sessionPages } from '../health-data';
import { type PageProbe, tablePages } from '../../db/table-pages';

/** Rows per database read; series are read a few days at a time (a day is up to 1,440 points). */
export const EXPORT_PAGE_ROWS = 500;
export const EXPORT_SERIES_PAGE_DAYS = 14;
const EXPORT_FORMAT = 'vitalbase-export/1';

export interface ExportProgress {
  phase: 'summary' | 'json' | 'csv' | 'fhir';
  /** Rows written so far, out of about `total` (both grow in the same unit). */
  done: number;
  total: number;
}

/** What the builder needs: a database, the operator's stated facts, the clock. The app context fits. */
export interface ExportContext {
  database: Pick<Database, 'db'>;
  config: Pick<Config, 'dataRegion' | 'publicUrl'>;
  now: () => Date;
}

export interface BuildExportOptions {
  /** Read through this executor instead (e.g. the access point's transaction for an operator export). */
  db?: Executor;
  pageRows?: number;
  seriesPageDays?: number;
  /** Sees every page read: tests prove with it that reads are bounded. */
  probe?: PageProbe;
}

export interface ExportResult {
  /** Every file of the archive, in order. */
  files: string[];
  /** Rows per table of the account at the start of the build. */
  rowCounts: Record<string, number>;
}

const json = (value: unknown) => JSON.stringify(value);

/**
 * "Download my data" (P17, P18): writes the ZIP of everything held about a user to `output`, streaming
 * — each file is generated while the archive is written, page by page from the database, so memory
 * stays bounded however large the account. Used by the background job, the CLI and the benchmarks.
 * The archive: summary.html, data.json, csv/<metric>.csv (blood pressure as one csv/blood_pressure.csv,
 * and csv/<metric>_daily.csv beside each metric totalled per day), csv/sessions.csv, fhir/*.ndjson.
 */
export async function buildExport(
  ctx: ExportContext,
  userId: string,
  output: Writable,
  onProgress: (progress: ExportProgress) => void = () => {},
  opts: BuildExportOptions = {},
): Promise<ExportResult> {
  const db = opts.db ?? ctx.database.db;
  const overview = await loadExportOverview(db, userId);
  if (!overview) throw new NotFound('Account');
  const exportedAt = ctx.now();
  const pages: PageOptions = {
    pageRows: opts.pageRows ?? EXPORT_PAGE_ROWS,
    seriesPageDays: opts.seriesPageDays ?? EXPORT_SERIES_PAGE_DAYS,
    probe: opts.probe,
  };

  const progress: ExportProgress = { phase: 'summary', done: 0, total: estimateTotal(overview) };
  const advance = (phase: ExportProgress['phase'], rows: number) => {
    progress.phase = phase;
    progress.done = Math.min(progress.total, progress.done + rows);
    onProgress({ ...progress });
  };

  const metricFiles = metricCsvFiles(db, userId, overview.metrics, pages, (n) => advance('csv', n));
  const files: ExportFile[] = [
    { path: 'summary.html', about: 'this page: who the data is about, what the archive holds' },
    {
      path: 'data.json',
      about: 'everything held about you, in one JSON document (sections listed in "about")',
    },
    ...metricFiles.map((f) => ({ path: f.path, about: f.about })),
    { path: 'csv/sessions.csv', about: 'nights of sleep and workouts: start, end, duration, source' },
    {
      path: 'csv/reading_notes.csv',
      about: 'your notes and tags on readings, with the reading and its time',
    },
    ...fhirFiles.map((f) => ({ path: f.path, about: f.about })),
  ];

  useNativeZipCrc();
  const zip = new yazl.ZipFile();
  const mtime = exportedAt;
  const failed = (err: unknown) => (zip.outputStream as unknown as Readable).destroy(err as Error);
  /** A file generated while it is written: the generator starts only when the zip reaches it. */
  const addGenerated = (path: string, generate: () => AsyncIterable<string | Buffer>) => {
    // Level 1: CSV and JSON of numbers compress nearly as well as at 6 for a fraction of the CPU.
    zip.addReadStreamLazy(path, { mtime, compressionLevel: 1 }, (cb) => {
      const stream = Readable.from(generate(), { objectMode: false, highWaterMark: 1 });
      stream.on('error', failed);
      cb(null, stream);
    });
  };

  zip.addBuffer(
    Buffer.from(
      renderSummaryHtml(
        overview,
        { exportedAt, dataRegion: ctx.config.dataRegion, serviceUrl: ctx.config.publicUrl },
        files,
      ),
    ),
    'summary.html',
    { mtime },
  );
  advance('summary', 1);
  addGenerated('data.json', () =>
    jsonDocument(db, userId, overview, { exportedAt, dataRegion: ctx.config.dataRegion }, pages, (n) =>
      advance('json', n),
    ),
  );
  for (const file of metricFiles) addGenerated(file.path, file.generate);
  addGenerated('csv/sessions.csv', () => sessionsCsv(db, userId, pages, (n) => advance('csv', n)));
  addGenerated('csv/reading_notes.csv', () => readingNotesCsv(db, userId, pages, (n) => advance('csv', n)));
  for (const file of fhirFiles) {
    addGenerated(file.path, () =>
      file.generate({ db, userId, overview, pages, advance: (n) => advance('fhir', n) }),
    );
  }
  zip.end();
  await pipeline(zip.outputStream, output);
  return { files: files.map((f) => f.path), rowCounts: overview.rowCounts };
}

/** Rows the build will walk through: data.json's, the CSVs' and the FHIR files' (about). */
function estimateTotal(o: ExportOverview): number {
  const rows = Object.entries(o.rowCounts)
    .filter(([name]) => !(name in NOT_EXPORTED))
    .reduce((sum, [, n]) => sum + n, 0);
  const measures = o.rowCounts.health_measures ?? 0;
  const seriesDays = o.rowCounts.health_series_days ?? 0;
  const sessions = o.rowCounts.health_sessions ?? 0;
  // FHIR: the Patient, devices, readings' measures (series give no Observation), consents.
  const fhir = 1 + (o.rowCounts.devices ?? 0) + measures + (o.rowCounts.consents ?? 0);
  return 1 + rows + measures + seriesDays + sessions + fhir;
}

/**
 * data.json, one section after the other, each a JSON array written page by page (one row per
 * line): never one object of the whole account.
 */
async function* jsonDocument(
  db: Executor,
  userId: string,
  overview: ExportOverview,
  facts: { exportedAt: Date; dataRegion: string },
  pages: PageOptions,
  advance: (rows: number) => void,
): AsyncGenerator<string | Buffer> {
  const about: Record<string, string> = {
    identity: 'the account: name, email, birth date, country, language, time zone',
    ...Object.fromEntries(Object.entries(HEALTH_SECTIONS).map(([key, s]) => [key, s.about])),
    ...Object.fromEntries(TABLE_SECTIONS.map((s) => [s.key, s.about])),
    otherData: 'data of other features, one array per table',
  };
  yield `{\n"format": ${json(EXPORT_FORMAT)},\n"exportedAt": ${json(facts.exportedAt)},\n"dataRegion": ${json(facts.dataRegion)},\n"about": ${json(about)},\n"identity": ${json(rowToJson(overview.identity))}`;

  async function* array<T>(
    key: string,
    source: AsyncIterable<T[]>,
    toJson: (row: T) => unknown,
    rows = (p: T[]) => p.length,
    /** The row's JSON text written directly (instead of `json(toJson(row))`), when that is cheaper. */
    text?: (row: T) => string,
  ) {
    yield `,\n${json(key)}: [`;
    let first = true;
    for await (const page of source) {
      yield `${first ? '\n' : ',\n'}${page.map((row) => (text ? text(row) : json(toJson(row)))).join(',\n')}`;
      first = false;
      advance(rows(page));
    }
    yield '\n]';
  }

  yield* array(
    'readings',
    readingPages(db, userId, pages),
    (r) => ({
      ...rowToJson(r, ['measures', 'metricsKey']),
      measures: r.measures.map((m) => rowToJson(m, ['readingId', 'takenAt'])),
    }),
    (page) => page.length + page.reduce((n, r) => n + r.measures.length, 0),
  );
  // A day's points are written as bytes from the packed bytes, not as an array per point for
  // JSON.stringify (the export's garbage): the same text as array() gave, `points` last as before.
  yield `,\n${json('series')}: [`;
  const out = new ByteText();
  let firstDay = true;
  for await (const page of seriesDayPages(db, userId, pages)) {
    for (const day of page) {
      const head = json(rowToJson(day, ['points', 'firstSlot', 'width', 'rollup']));
      out.text(`${firstDay ? '\n' : ',\n'}${head.slice(0, -1)},"points":`);
      firstDay = false;
      writeSeriesDayPointsJson(out, day);
      out.ascii('}');
    }
    yield out.take() as Buffer;
    advance(page.length);
  }
  yield '\n]';
  yield* array('sessions', sessionPages(db, userId, pages), (s) => rowToJson(s));
  for (const section of TABLE_SECTIONS) {
    yield* array(
      section.key,
      tablePages(db, section.table, userId, { ...pages, section: section.key }),
      (row) => rowToJson(row, section.omit),
    );
  }
  yield `,\n"otherData": {`;
  let firstTable = true;
  for (const { name, table } of otherTables()) {
    const inner = array(name, tablePages(db, table, userId, { ...pages, section: name }), (row) =>
      rowToJson(row),
    );
    // The same array writer, without the leading comma for the first table of the object.
    let head = true;
    for await (const chunk of inner) {
      yield head && firstTable ? chunk.slice(1) : chunk;
      head = false;
    }
    firstTable = false;
  }
  yield '\n}\n}\n';
}
