import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportFormat, ImportView } from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { Invalid, NotFound } from '../../lib/errors';
import { createUsersRepo, recordSecurityEvent } from '../accounts';
import { checkCsvMapping } from './csv-mapped.parser';
import { createImportsRepo } from './imports.repo';
import { createImportsService, importFilePath } from './imports.service';
import { isSupportedFormat } from './parsers';

/**
 * `vitalbase import`: the operator imports a file for a user (one sent by post, or too large for their
 * link). The same job as the web's, run at once in this process with its progress; the user sees the
 * import in their list (and can undo it) and in their own actions' log, marked as the operator's.
 */
export async function importForUserAsOperator(
  ctx: AppContext,
  req: { email: string; file: string; format: ImportFormat; options?: Record<string, unknown> },
  onProgress?: (itemsDone: number) => void,
): Promise<ImportView> {
  const user = await createUsersRepo(ctx.database.db).findByEmail(req.email);
  if (!user) throw new NotFound('Account');
  if (!isSupportedFormat(req.format)) throw new Invalid('This format is not supported yet.');
  if (req.format === 'csv') checkCsvMapping(req.options);
  const size = (await stat(req.file)).size;
  const now = ctx.now();
  const row = await createImportsRepo(ctx.database.db).insert({
    userId: user.id,
    format: req.format,
    fileName: path.basename(req.file).slice(0, 255),
    bytesTotal: size,
    bytesReceived: size,
    state: 'queued',
    options: req.options ?? {},
    createdAt: now,
    updatedAt: now,
  });
  const target = importFilePath(ctx.config, user.id, row.id);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  await copyFile(req.file, target);
  await recordSecurityEvent(ctx, undefined, {
    userId: user.id,
    actorType: 'operator',
    actorId: 'cli',
    action: 'import_started',
    details: { importId: row.id, format: row.format },
  });
  const imports = createImportsService(ctx);
  await imports.run(user.id, row.id, onProgress);
  return imports.get(user.id, row.id);
}
