import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { defineJob } from '../../jobs/job';
import type { AppContext } from '../../lib/context';
import { writeBackup } from './backup.service';

const NAME = /^vitalbase-\d{8}T\d{6}Z\.backup$/;

/**
 * The running server's own backup (BACKUP_DIR set): the only way to copy the embedded database while
 * it serves, since no other process may open it. Keeps the BACKUP_KEEP newest files it wrote.
 */
export async function scheduledBackup(ctx: Pick<AppContext, 'config' | 'database' | 'now' | 'log'>) {
  const dir = ctx.config.backupDir;
  if (!dir) return undefined;
  const stamp = ctx
    .now()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const result = await writeBackup(ctx.database, path.join(dir, `vitalbase-${stamp}.backup`));
  const ours = (await readdir(dir)).filter((f) => NAME.test(f)).sort();
  for (const old of ours.slice(0, Math.max(0, ours.length - ctx.config.backupKeep))) {
    await rm(path.join(dir, old), { force: true });
  }
  ctx.log.info({ bytes: result.bytes }, 'scheduled backup written');
  return result;
}

export const backupJobs = [
  defineJob({
    name: 'backup.scheduled',
    cron: '17 3 * * *',
    // A backup of a large database takes longer than the short default of scheduled jobs.
    expireInSeconds: 3600,
    run: (ctx) => scheduledBackup(ctx),
  }),
];
