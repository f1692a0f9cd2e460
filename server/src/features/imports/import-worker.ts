import { parentPort, type Worker } from 'node:worker_threads';
import type { ImportFormat } from '@vitalbase/core';
import { endWhenIdle, isModuleThread, startModuleThread } from '../../lib/module-thread';
import { type ImportItem, type ImportParser, type ParseOptions, UnreadableFile } from './import-item';
import { parserFor } from './parsers';

/**
 * An import's parse in a worker thread with a bounded heap, as the export's build is
 * (export/export-worker.ts, the same start and the same one-thread-per-process shape): parsing is the
 * import's CPU (saxes, csv-parse, zlib; a FHIR Bundle is one JSON.parse of up to 256 MB, which held the
 * event loop for seconds) and its garbage, and both now stay off the thread that serves requests (the
 * storing's garbage stays there: bench/RESULTS.md, "Parsing in a worker thread"). The thread sends the parser's items
 * in batches; this thread writes them through the pipeline as before (import-pipeline.ts: the
 * health-data feature's write door, the checkpoint, the report), so resuming, progress and per-row
 * refusals do not change. A few batches ride ahead at most (memory bounded), each one acknowledged.
 */
const IMPORT_WORKER = 'vitalbase.import-worker';
/**
 * The thread's heap bound. A streamed parse holds a chunk's items and a day of minute slots per series
 * metric (MB), but a FHIR Bundle (≤ 256 MB, fhir.parser.ts) is parsed whole and needs several times its
 * size; and V8's heap growing factor shrinks with the limit (export-worker.ts: a full collection every
 * few MB below 1 GB), which makes a long parse slower, not smaller.
 */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 2048 };
/** The thread is kept this long after its last parse: starting one loads the parsers' modules again. */
const IDLE_MS = 60_000;
/** A batch sent to this thread: this many items, or fewer items holding this many series values. */
const SEND_ITEMS = 1000;
const SEND_POINTS = 400_000;
/** Batches sent and not yet taken by the pipeline: enough to keep parsing while a batch is stored. */
const WINDOW = 6;

type ToMain =
  | { kind: 'items'; parse: number; items: ImportItem[] }
  | { kind: 'end' | 'stopped'; parse: number }
  | { kind: 'failed'; parse: number; message: string; code?: string };

type ToWorker =
  | { kind: 'parse'; parse: number; format: ImportFormat; file: string; opts: ParseOptions }
  | { kind: 'more' | 'stop'; parse: number };

/** A message for one parse, or its thread's end (`oom`: the thread ran out of its heap). */
type Arrival = ToMain | { kind: 'crashed'; oom: boolean };

interface ImportThread {
  worker: Worker;
  parses: Map<number, (message: Arrival) => void>;
  idle?: NodeJS.Timeout;
}
let thread: ImportThread | undefined;
let nextParse = 0;
let heapMb = RESOURCE_LIMITS.maxOldGenerationSizeMb;

/** The format's parser, run in the import thread: the pipeline reads its items as from the parser itself. */
export function parserInImportThread(format: ImportFormat): ImportParser {
  return { parse: (file, opts) => parseInThread(format, file, opts) };
}

/**
 * Tests only: the heap bound of the next thread (the current one ends when idle). A thread out of its
 * heap fails its imports with `too_large_to_read`.
 */
export async function setImportThreadHeapMb(mb: number = RESOURCE_LIMITS.maxOldGenerationSizeMb) {
  heapMb = mb;
  const t = thread;
  thread = undefined;
  if (t && !t.parses.size) await t.worker.terminate();
}

async function* parseInThread(format: ImportFormat, file: string, opts: ParseOptions) {
  const t = importThread();
  const parse = nextParse++;
  const arrived: Arrival[] = [];
  let wake: (() => void) | undefined;
  const next = async () => {
    while (!arrived.length) await new Promise<void>((resolve) => (wake = resolve));
    return arrived.shift() as Arrival;
  };
  t.parses.set(parse, (message) => {
    arrived.push(message);
    wake?.();
  });
  clearTimeout(t.idle);
  t.worker.ref();
  t.worker.postMessage({ kind: 'parse', parse, format, file, opts } satisfies ToWorker);
  let over = false;
  try {
    for (;;) {
      const message = await next();
      if (message.kind === 'items') {
        t.worker.postMessage({ kind: 'more', parse } satisfies ToWorker);
        yield* message.items;
        continue;
      }
      over = true;
      if (message.kind === 'end') return;
      throw failure(message);
    }
  } finally {
    // The pipeline stopped reading (a batch failed to store, or the run was given up): the thread stops
    // this parse, which closes its file, before the import is failed and its file removed.
    if (!over) {
      t.worker.postMessage({ kind: 'stop', parse } satisfies ToWorker);
      for (let m = await next(); m.kind === 'items'; m = await next());
    }
    t.parses.delete(parse);
    if (!t.parses.size) idle(t);
  }
}

function failure(message: Arrival): Error {
  if (message.kind === 'crashed') {
    return message.oom
      ? new UnreadableFile(
          'too_large_to_read',
          'Reading this file needed more memory than an import may use; nothing of it was kept.',
        )
      : new UnreadableFile(
          'reading_stopped',
          'Reading the file stopped unexpectedly; nothing of it was kept. Try the import again.',
        );
  }
  if (message.kind !== 'failed') return new Error('the import thread answered out of turn');
  if (message.code) return new UnreadableFile(message.code, message.message);
  return new Error(message.message);
}

function importThread(): ImportThread {
  if (thread) return thread;
  // This module is also the thread's entry (lib/module-thread.ts), as export-worker.ts is.
  const worker = startModuleThread(import.meta.url, IMPORT_WORKER, { maxOldGenerationSizeMb: heapMb });
  const t: ImportThread = { worker, parses: new Map() };
  const crashed = (oom: boolean) => {
    if (thread === t) thread = undefined;
    for (const deliver of [...t.parses.values()]) deliver({ kind: 'crashed', oom });
  };
  worker.on('message', (message: ToMain) => t.parses.get(message.parse)?.(message));
  // Out of its heap (ERR_WORKER_OUT_OF_MEMORY) or stopped: its parses fail, the next one starts a thread.
  worker.on('error', (err: Error & { code?: string }) => crashed(err.code === 'ERR_WORKER_OUT_OF_MEMORY'));
  worker.on('exit', () => crashed(false));
  thread = t;
  return t;
}

function idle(t: ImportThread): void {
  t.idle = endWhenIdle(t.worker, IDLE_MS, () => {
    if (thread === t) thread = undefined;
  });
}

/** The thread's side: each parse's items in batches, at most WINDOW of them unacknowledged. */
function serveParses(): void {
  const port = parentPort as NonNullable<typeof parentPort>;
  const send = (message: ToMain) => port.postMessage(message);
  const parses = new Map<number, { unacked: number; stopped: boolean; wake?: () => void }>();
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'parse') {
      parses.set(message.parse, { unacked: 0, stopped: false });
      void runParse(message.parse, message.format, message.file, message.opts);
      return;
    }
    const p = parses.get(message.parse);
    if (!p) return;
    if (message.kind === 'more') p.unacked -= 1;
    else p.stopped = true;
    p.wake?.();
  });

  async function runParse(parse: number, format: ImportFormat, file: string, opts: ParseOptions) {
    const p = parses.get(parse)!;
    let batch: ImportItem[] = [];
    let points = 0;
    const flush = async () => {
      while (p.unacked >= WINDOW && !p.stopped) await new Promise<void>((resolve) => (p.wake = resolve));
      if (p.stopped) return;
      p.unacked += 1;
      send({ kind: 'items', parse, items: batch });
      batch = [];
      points = 0;
    };
    try {
      for await (const item of parserFor(format).parse(file, opts)) {
        batch.push(item);
        if (item.kind === 'series') points += item.values.length;
        if (batch.length >= SEND_ITEMS || points >= SEND_POINTS) await flush();
        // Leaving the loop ends the parser's generator: its file and archive are closed.
        if (p.stopped) break;
      }
      if (batch.length) await flush();
      send({ kind: p.stopped ? 'stopped' : 'end', parse });
    } catch (err) {
      const unreadable = err instanceof UnreadableFile;
      send({
        kind: 'failed',
        parse,
        message: err instanceof Error ? err.message : String(err),
        ...(unreadable ? { code: err.code } : {}),
      });
    } finally {
      parses.delete(parse);
    }
  }
}

if (isModuleThread(IMPORT_WORKER)) serveParses();
