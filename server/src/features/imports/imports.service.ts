import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ImportCreateBody, ImportReport, ImportView } from '@vitalbase/core';
import type { Config } from '../../config';
import type { AppContext } from '../../lib/context';
import { Conflict, Invalid, NotFound, TooMany } from '../../lib/errors';
import type { RequestMeta } from '../../lib/request-meta';
import { safeErrorForLog } from '../../lib/safe-log';
import { recordSecurityEvent, timeZoneOf } from '../accounts';
import { hasConsent } from '../consents';
import { removeImportedData } from '../health-data';
import { type ImportLimits, UnreadableFile } from './import-item';
import { runPipeline } from './import-pipeline';
import { parserInImportThread } from './import-worker';
import { createImportsRepo, type ImportRow } from './imports.repo';
import { checkCsvMapping } from './csv-mapped.parser';
import { isSupportedFormat } from './parsers';

export const IMPORT_JOB = 'imports.run';
const CONTENT_RANGE = /^bytes (\d{1,13})-(\d{1,13})\/(\d{1,13})$/;
export interface ImportJobData {
  userId: string;
  importId: string;
}

/** Imports a user may have open (uploading, queued or running) at once. */
const MAX_OPEN_IMPORTS = 3;
const MINUTE = 60_000;
/** A running import silent this long is taken for dead (its server stopped) and resumed. */
const STALE_RUN_MS = 5 * MINUTE;
export const IMPORT_LIMITS: ImportLimits = {
  maxExpandedBytes: 20 * 1024 ** 3,
  maxRatio: 200,
  maxEntries: 10_000,
};

/** Where an upload is kept while it arrives and until its job is done: the data directory, never a URL. */
export function importFilePath(config: Pick<Config, 'dataDir'>, userId: string, importId: string) {
  return path.join(config.dataDir, 'imports', userId, `${importId}.upload`);
}

/** Every upload of a user (the erasure purge). */
export async function deleteUserImportFiles(config: Pick<Config, 'dataDir'>, userId: string) {
  await rm(path.join(config.dataDir, 'imports', userId), { recursive: true, force: true });
}

function present(row: ImportRow): ImportView {
  return {
    id: row.id,
    format: row.format,
    fileName: row.fileName,
    state: row.state,
    bytesTotal: row.bytesTotal,
    bytesReceived: row.bytesReceived,
    itemsDone: Number(row.progress.itemsDone ?? 0),
    report: (row.report as ImportReport | null) ?? null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    undoneAt: row.undoneAt?.toISOString() ?? null,
  };
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function createImportsService(ctx: AppContext) {
  const repo = createImportsRepo(ctx.database.db);

  async function mine(userId: string, id: string): Promise<ImportRow> {
    const row = await repo.find(userId, id);
    if (!row) throw new NotFound('Import');
    return row;
  }

  async function queue(row: ImportRow) {
    try {
      await ctx.jobs?.send(IMPORT_JOB, { userId: row.userId, importId: row.id } satisfies ImportJobData);
    } catch (err) {
      // The row is the request: the sweep runs it if the queue did not take it.
      ctx.log.warn({ err: safeErrorForLog(err) }, 'import not queued; the sweep will run it');
    }
  }

  /** Runs (or resumes) one import; a file that cannot be read leaves nothing stored. */
  async function run(
    userId: string,
    importId: string,
    onProgress?: (itemsDone: number) => void,
  ): Promise<'done' | 'failed' | 'not-queued'> {
    const now = ctx.now();
    const claimed = await repo.setState(userId, importId, ['queued', 'running'], {
      state: 'running',
      updatedAt: now,
    });
    if (!claimed) return 'not-queued';
    const file = importFilePath(ctx.config, userId, importId);
    try {
      const report = await runPipeline(
        ctx,
        claimed,
        // Parsed in the import thread (import-worker.ts); its items are stored here.
        parserInImportThread(claimed.format),
        file,
        {
          timeZone: await timeZoneOf(ctx.database.db, userId),
          options: claimed.options,
          mayStoreLocation: await hasConsent(ctx.database.db, userId, 'geolocation'),
          limits: IMPORT_LIMITS,
        },
        onProgress,
      );
      await repo.setState(userId, importId, ['running'], {
        state: 'done',
        report,
        finishedAt: ctx.now(),
        updatedAt: ctx.now(),
      });
      await rm(file, { force: true });
      return 'done';
    } catch (err) {
      const message =
        err instanceof UnreadableFile
          ? err.message
          : 'The import stopped on an unexpected error; nothing of it was kept.';
      if (!(err instanceof UnreadableFile))
        ctx.log.error({ err: safeErrorForLog(err), importId }, 'import failed');
      // Nothing half-imported: what the batches before the error stored goes again.
      await ctx.database.db.transaction(async (tx) => {
        await removeImportedData(ctx, userId, importId, tx);
        await repo.setState(
          userId,
          importId,
          ['running'],
          { state: 'failed', error: message, finishedAt: ctx.now(), updatedAt: ctx.now() },
          tx,
        );
      });
      await rm(file, { force: true });
      return 'failed';
    }
  }

  return {
    async create(meta: RequestMeta, userId: string, body: ImportCreateBody): Promise<ImportView> {
      if (
        (await repo.countInStates(userId, ['uploading', 'queued', 'running', 'undoing'])) >= MAX_OPEN_IMPORTS
      ) {
        throw new TooMany(`At most ${MAX_OPEN_IMPORTS} imports at a time. Let one finish first.`);
      }
      if (!isSupportedFormat(body.format)) {
        throw new Invalid('This format is not supported yet.', [
          { path: 'format', code: 'not_supported', message: 'Not supported yet.' },
        ]);
      }
      // A CSV's mapping is checked before a byte is sent (a wrong one would fail the whole file later).
      if (body.format === 'csv') checkCsvMapping(body.options);
      const now = ctx.now();
      const row = await repo.insert({
        userId,
        format: body.format,
        fileName: body.fileName,
        bytesTotal: body.size,
        options: body.options ?? {},
        createdAt: now,
        updatedAt: now,
      });
      await recordSecurityEvent(ctx, meta, {
        userId,
        action: 'import_started',
        details: { importId: row.id, format: row.format },
      });
      return present(row);
    },

    /**
     * One chunk at `start` (Content-Range): it must continue the bytes received so far, else 409 with
     * the offset to resume from. The last chunk queues the job.
     */
    async upload(userId: string, id: string, contentRange: string | undefined, chunk: unknown) {
      // Whose import it is first (another user's is 404 whatever they send), then the chunk.
      const row = await mine(userId, id);
      const m = CONTENT_RANGE.exec(contentRange ?? '');
      if (!m || !Buffer.isBuffer(chunk)) {
        throw new Invalid(
          'Send the chunk as application/octet-stream with Content-Range: bytes start-end/total.',
        );
      }
      const [start, last, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (last < start || last - start + 1 !== chunk.length)
        throw new Invalid('The Content-Range does not match the chunk.');
      const range = { start, total };
      if (row.state !== 'uploading')
        throw new Conflict('This import has its whole file already.', 'import_not_uploading');
      if (range.total !== row.bytesTotal) throw new Invalid('The total size differs from the one announced.');
      if (range.start !== row.bytesReceived) {
        throw new Conflict('The chunk does not continue the upload.', 'upload_offset', {
          bytesReceived: row.bytesReceived,
        });
      }
      const end = range.start + chunk.length;
      if (end > row.bytesTotal) throw new Invalid('The chunk goes past the announced size.');
      const file = importFilePath(ctx.config, userId, id);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const handle = await open(file, range.start === 0 ? 'w' : 'r+', 0o600);
      try {
        await handle.write(chunk, 0, chunk.length, range.start);
      } finally {
        await handle.close();
      }
      const now = ctx.now();
      const moved = await repo.advanceReceived(userId, id, range.start, end, now);
      if (!moved) throw new Conflict('The chunk does not continue the upload.', 'upload_offset');
      if (end < row.bytesTotal) return { bytesReceived: end, state: moved.state };
      const queued = await repo.setState(userId, id, ['uploading'], {
        state: 'queued',
        fileSha256: await sha256Of(file),
        updatedAt: now,
      });
      if (queued) await queue(queued);
      return { bytesReceived: end, state: queued?.state ?? moved.state };
    },

    async list(userId: string): Promise<ImportView[]> {
      return (await repo.list(userId, 50)).map(present);
    },

    async get(userId: string, id: string): Promise<ImportView> {
      return present(await mine(userId, id));
    },

    /** Removes exactly what the import added, in one transaction. */
    async undo(meta: RequestMeta, userId: string, id: string): Promise<ImportView> {
      const row = await mine(userId, id);
      if (row.state !== 'done')
        throw new Conflict('Only a finished import can be undone.', 'import_not_done');
      const done = await ctx.database.db.transaction(async (tx) => {
        const claimed = await repo.setState(
          userId,
          id,
          ['done'],
          { state: 'undoing', updatedAt: ctx.now() },
          tx,
        );
        if (!claimed) throw new Conflict('Only a finished import can be undone.', 'import_not_done');
        await removeImportedData(ctx, userId, id, tx);
        const now = ctx.now();
        return repo.setState(userId, id, ['undoing'], { state: 'undone', undoneAt: now, updatedAt: now }, tx);
      });
      await recordSecurityEvent(ctx, meta, { userId, action: 'import_undone', details: { importId: id } });
      return present(done!);
    },

    run,

    /** Every minute and at start: imports no worker took, and runs their server dropped, run again. */
    async sweep(): Promise<number> {
      const now = ctx.now().getTime();
      const abandoned = await repo.findAbandoned(new Date(now - MINUTE), new Date(now - STALE_RUN_MS));
      for (const a of abandoned) await run(a.userId, a.id);
      return abandoned.length;
    },
  };
}
