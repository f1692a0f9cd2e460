import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { type AppContext, type ExportProgress, exportUserDataAsOperator } from '@vitalbase/server';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { withContext } from './user';

export interface ExportCommandOptions {
  email: string;
  out: string;
  /** Draw a progress bar (a terminal); otherwise only the final line is printed. */
  bar?: boolean;
}

/**
 * Writes a user's "Download my data" ZIP to a file, with a progress bar. The file appears complete
 * or not at all (written beside it, then renamed); the read is recorded in the user's access log.
 */
export async function exportCommand(
  ctx: Pick<AppContext, 'database' | 'config' | 'now'>,
  opts: ExportCommandOptions,
  print: (line: string) => void,
) {
  const partial = `${opts.out}.part`;
  const bar = opts.bar
    ? new SingleBar({ format: 'exporting [{bar}] {percentage}% | {phase}', hideCursor: true })
    : undefined;
  let started = false;
  const onProgress = (p: ExportProgress) => {
    if (!bar) return;
    if (!started) {
      bar.start(p.total, 0, { phase: p.phase });
      started = true;
    }
    bar.setTotal(p.total);
    bar.update(p.done, { phase: p.phase });
  };
  const out = createWriteStream(partial, { mode: 0o600 });
  try {
    const result = await exportUserDataAsOperator(ctx, { email: opts.email }, out, onProgress);
    if (bar && started) {
      bar.update(bar.getTotal());
      bar.stop();
    }
    await rename(partial, opts.out);
    print(`wrote ${opts.out}: ${result.files.length} files (recorded in the user's access log)`);
    return result;
  } catch (err) {
    bar?.stop();
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()).destroy());
    await rm(partial, { force: true });
    throw err;
  }
}

export function registerExportCommand(program: Command) {
  program
    .command('export')
    .description('build a user\'s "Download my data" ZIP (recorded in their access log)')
    .requiredOption('--email <email>', 'the account to export')
    .requiredOption('--out <file.zip>', 'where to write the ZIP')
    .action(async (opts: { email: string; out: string }) => {
      await withContext((ctx) =>
        exportCommand(ctx, { ...opts, bar: process.stderr.isTTY }, (line) => console.log(line)),
      );
    });
}
