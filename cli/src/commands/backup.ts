import { backupInstallation, restoreInstallation } from '@vitalbase/server';
import type { Command } from 'commander';
import { withConfig } from './serve';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `vitalbase backup` and `vitalbase restore` (docs/backups.md). */
export function registerBackupCommands(program: Command) {
  program
    .command('backup')
    .description(
      'write a backup of the database (embedded: a copy of its directory, the server stopped; PostgreSQL: pg_dump)',
    )
    .requiredOption('--out <file>', 'the backup file to write (owner-only permissions)')
    .action(async (opts: { out: string }) => {
      const result = await backupInstallation(withConfig(), opts.out);
      console.log(`wrote ${result.file}: ${megabytes(result.bytes)} (${result.engine})`);
    });
  program
    .command('restore')
    .description(
      'replace the database with a backup, then apply again every erasure made since (the erasure journal)',
    )
    .requiredOption('--from <file>', 'a file written by `vitalbase backup`')
    .action(async (opts: { from: string }) => {
      const result = await restoreInstallation(withConfig(), opts.from);
      if (result.previousDataDir)
        console.log(`the database before the restore is kept in ${result.previousDataDir}`);
      console.log(
        `restored ${opts.from} (${result.engine}); erased accounts purged again: ${result.erasuresReapplied}`,
      );
    });
}
