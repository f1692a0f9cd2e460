import { type Database, resolveUserIdAsOperator, verifyAuditChains } from '@vitalbase/server';
import type { Command } from 'commander';
import { withDatabase } from './user';

type Print = (line: string) => void;

/** Walks the audit trail's hash chains; true when every link holds. Prints ids and times, no content. */
export async function auditVerify(
  database: Database,
  opts: { user?: string },
  print: Print,
): Promise<boolean> {
  const userId = opts.user ? await resolveUserIdAsOperator(database, opts.user) : undefined;
  const report = await verifyAuditChains(database.raw, { userId });
  const counted = `${report.rows} rows, ${report.chains} chain${report.chains === 1 ? '' : 's'}`;
  if (!report.broken) {
    print(`ok, ${counted}`);
    return true;
  }
  const b = report.broken;
  print(`BROKEN: user ${b.userId}, event ${b.id} (number ${b.seq}, at ${b.at}): ${b.reason}`);
  print(`checked ${counted} up to there`);
  return false;
}

export function registerAuditCommands(program: Command) {
  const audit = program.command('audit').description('the audit trail (security events)');
  audit
    .command('verify')
    .description("walk each user's hash chain of security events and report the first broken link")
    .option('--user <email|id>', "only this user's chain")
    .action(async (opts: { user?: string }) => {
      const ok = await withDatabase((db) => auditVerify(db, opts, (line) => console.log(line)));
      if (!ok) process.exitCode = 1;
    });
}
