import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RequestMeta } from '../../lib/request-meta';
import type { Config } from '../../config';
import type { AppContext } from '../../lib/context';
import { Conflict, Gone, NotFound, TooMany } from '../../lib/errors';
import { safeErrorForLog } from '../../lib/safe-log';
import { recordSecurityEvent } from '../accounts';
import { createUsersRepo } from '../accounts';
import { buildExportInWorker } from './export-worker';
import { exportMailsIn, exportsPageUrl } from './export-mail';
import { createExportRepo, type ExportRow } from './export.repo';
import type { ExportStatus } from './export.schema';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How long a ready export can be downloaded; then the file is deleted (410). */
const EXPORT_TTL_MS = 7 * DAY;
/** Exports a user may ask for in 24 hours (each one reads the whole account). */
export const EXPORTS_PER_DAY = 5;
/** A running build silent this long is taken for dead (the server stopped during it). */
const STALE_BUILD_MS = 15 * MINUTE;
/** A queued export no worker picked up this long after the request is built by the sweep. */
const UNCLAIMED_AFTER_MS = MINUTE;
export const EXPORT_JOB = 'privacy.build-export';

export interface ExportJobData {
  userId: string;
  exportId: string;
}

export interface ExportView {
  id: string;
  status: ExportStatus;
  progress: number;
  requestedAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
  sizeBytes: number | null;
  failure: string | null;
}

export function exportFilePath(config: Pick<Config, 'exportsDir'>, userId: string, exportId: string): string {
  return path.join(config.exportsDir, userId, `${exportId}.zip`);
}

/** Every export file of a user (the erasure purge). */
export async function deleteUserExportFiles(
  config: Pick<Config, 'exportsDir'>,
  userId: string,
): Promise<void> {
  await rm(path.join(config.exportsDir, userId), { recursive: true, force: true });
}

export function createExportService(ctx: AppContext) {
  const repo = createExportRepo(ctx.database.db);
  const users = createUsersRepo(ctx.database.db);

  /** A ready export past its date reads as expired even before the sweep has deleted its file. */
  function present(row: ExportRow): ExportView {
    const expired = row.status === 'ready' && row.expiresAt !== null && row.expiresAt <= ctx.now();
    return {
      id: row.id,
      status: expired ? 'expired' : row.status,
      progress: row.progress,
      requestedAt: row.requestedAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      sizeBytes: row.sizeBytes,
      failure: row.failure,
    };
  }

  /** Builds one claimed export to a temporary file, renamed into place once complete. */
  async function build(row: ExportRow): Promise<void> {
    const file = exportFilePath(ctx.config, row.userId, row.id);
    const partial = `${file}.part`;
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    let lastWritten = 0;
    let lastAt = 0;
    let writes: Promise<unknown> = Promise.resolve();
    try {
      // In a worker thread with a bounded heap (export-worker.ts), its reads through this thread.
      await buildExportInWorker(ctx, row.userId, partial, (p) => {
        // The bar moves per whole percent, at most every half second; a minute without a new percent
        // still writes, as the heartbeat that tells the sweep this build is alive.
        const percent = Math.min(99, Math.floor((p.done / Math.max(1, p.total)) * 100));
        const since = Date.now() - lastAt;
        if (since < 500 || (percent <= lastWritten && since < MINUTE)) return;
        lastWritten = percent;
        lastAt = Date.now();
        writes = writes.then(() => repo.setProgress(row.userId, row.id, percent, ctx.now()));
      });
      await writes;
      await rename(partial, file);
    } catch (err) {
      // The worker closed its file before answering (or ended with its thread): nothing is left behind.
      await writes.catch(() => {});
      await rm(partial, { force: true });
      throw err;
    }
    const now = ctx.now();
    const expiresAt = new Date(now.getTime() + EXPORT_TTL_MS);
    const { size } = await stat(file);
    if (!(await repo.markReady(row.userId, row.id, { now, expiresAt, sizeBytes: size }))) {
      await rm(file, { force: true }); // failed or erased meanwhile: nothing is left behind
      return;
    }
    const user = await users.findById(row.userId);
    if (user) {
      await ctx.mailer.send({
        userId: user.id,
        to: user.email,
        kind: 'export-ready',
        ...exportMailsIn(user.locale).ready({
          displayName: user.displayName,
          pageUrl: exportsPageUrl(ctx.config.publicUrl),
          expiresAt,
          timeZone: user.timeZone,
        }),
      });
    }
  }

  async function run(userId: string, exportId: string): Promise<'built' | 'not-queued' | 'failed'> {
    if (!(await repo.claim(userId, exportId, ctx.now()))) return 'not-queued';
    const row = (await repo.find(userId, exportId)) as ExportRow;
    try {
      await build(row);
      return 'built';
    } catch (err) {
      ctx.log.error({ err: safeErrorForLog(err), exportId }, 'export failed');
      await repo.markFailed(
        userId,
        exportId,
        'The export could not be built. Please ask for a new one.',
        ctx.now(),
      );
      return 'failed';
    }
  }

  return {
    /** Only the signed-in user, for themself: one open export at a time, a few a day. */
    async request(meta: RequestMeta, userId: string): Promise<ExportView> {
      const now = ctx.now();
      const open = await repo.findOpen(userId);
      if (open) {
        throw new Conflict('An export is already being prepared.', 'export_in_progress', { id: open.id });
      }
      if ((await repo.countRequestedSince(userId, new Date(now.getTime() - DAY))) >= EXPORTS_PER_DAY) {
        throw new TooMany(`At most ${EXPORTS_PER_DAY} exports a day. Try again tomorrow.`);
      }
      const row = await repo.insertQueued(userId, now);
      if (!row) throw new Conflict('An export is already being prepared.', 'export_in_progress');
      await recordSecurityEvent(ctx, meta, {
        userId,
        action: 'export_requested',
        details: { exportId: row.id },
      });
      try {
        await ctx.jobs?.send(EXPORT_JOB, { userId, exportId: row.id } satisfies ExportJobData);
      } catch (err) {
        // The row is the request: the sweep builds it if the queue did not take it.
        ctx.log.warn({ err: safeErrorForLog(err) }, 'export not queued; the sweep will build it');
      }
      return present(row);
    },

    async list(userId: string): Promise<ExportView[]> {
      return (await repo.list(userId, 20)).map(present);
    },

    /** The file of a ready export of this user: 404 for anyone else's, 410 once expired. */
    async openDownload(meta: RequestMeta, userId: string, exportId: string) {
      const row = await repo.find(userId, exportId);
      if (!row) throw new NotFound('Export');
      const view = present(row);
      if (view.status === 'expired') {
        throw new Gone('This export has expired and was deleted. Ask for a new one.');
      }
      if (view.status !== 'ready') throw new Conflict('This export is not ready.', 'export_not_ready');
      const file = exportFilePath(ctx.config, userId, exportId);
      const size = await stat(file).then(
        (s) => s.size,
        () => undefined,
      );
      if (size === undefined) throw new Gone('This export is no longer available. Ask for a new one.');
      await recordSecurityEvent(ctx, meta, { userId, action: 'export_downloaded', details: { exportId } });
      const day = row.requestedAt.toISOString().slice(0, 10);
      return { stream: createReadStream(file), size, fileName: `vitalbase-data-${day}.zip` };
    },

    /** The queued job: builds the export if nobody else has. */
    run,

    /**
     * The sweep (scheduled, and at every start): deletes expired files, fails builds that died with
     * their server, and builds requests that no queue picked up (a server without jobs took them).
     */
    async sweep(): Promise<{ expired: number; abandoned: number; built: number }> {
      const now = ctx.now();
      let expired = 0;
      for (const row of await repo.readyExpiredBy(now, 500)) {
        await rm(exportFilePath(ctx.config, row.userId, row.id), { force: true });
        await repo.markExpired(row.userId, row.id);
        expired += 1;
      }
      let abandoned = 0;
      for (const row of await repo.runningSilentSince(new Date(now.getTime() - STALE_BUILD_MS), 100)) {
        await rm(`${exportFilePath(ctx.config, row.userId, row.id)}.part`, { force: true });
        await repo.markFailed(
          row.userId,
          row.id,
          'The export was interrupted. Please ask for a new one.',
          now,
        );
        abandoned += 1;
      }
      let built = 0;
      for (const row of await repo.queuedBefore(new Date(now.getTime() - UNCLAIMED_AFTER_MS), 5)) {
        if ((await run(row.userId, row.id)) === 'built') built += 1;
      }
      return { expired, abandoned, built };
    },
  };
}
