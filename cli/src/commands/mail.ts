import { type Database, listOutbox } from '@vitalbase/server';
import type { Command } from 'commander';
import { purposeOf } from './purpose';
import { withDatabase } from './user';

/**
 * Prints the embedded outbox: what would have been mailed, with its links to follow by hand. Mail is
 * personal data: the read is in each addressee's access log, with the purpose.
 */
export async function mailList(
  database: Database,
  opts: { to?: string; limit?: number; purpose?: string },
  print: (line: string) => void,
) {
  const entries = await listOutbox(database, opts);
  if (!entries.length) print('the outbox is empty (with SMTP_URL set, mail goes to that server instead)');
  for (const m of entries) {
    print(`${m.at.toISOString().replace('T', ' ').slice(0, 19)}  to ${m.to}  ${m.subject}`);
    for (const link of m.links) print(`    ${link}`);
  }
  return entries;
}

export function registerMailCommand(program: Command) {
  program
    .command('mail')
    .description('list the mail kept in the embedded outbox (newest first), with its links')
    .option('--to <email>', 'only mail to this address')
    .option(
      '--limit <n>',
      'how many',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new Error(`not a positive whole number: ${v}`);
        return n;
      },
      20,
    )
    .option('--purpose <text>', "why (recorded in each addressee's access log; asked if left out)")
    .action(async (opts) => {
      const purpose = await purposeOf(opts.purpose);
      await withDatabase((db) => mailList(db, { ...opts, purpose }, (line) => console.log(line)));
    });
}
