import {
  type AppContext,
  answerPrivacyRequestFromCli,
  type Database,
  listPrivacyRequestsAsOperator,
  showPrivacyRequestAsOperator,
} from '@vitalbase/server';
import type { Command } from 'commander';
import { withContext, withDatabase } from './user';

type Print = (line: string) => void;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The queue of privacy requests, oldest due date first (content is read with `show`, and logged). */
export async function requestsList(
  database: Database,
  opts: { overdue?: boolean },
  print: Print,
  now = new Date(),
) {
  const rows = await listPrivacyRequestsAsOperator(database, { overdue: opts.overdue, now });
  if (!rows.length) print(opts.overdue ? 'no overdue request' : 'no open request');
  for (const r of rows) {
    print(
      [
        r.id,
        r.kind.padEnd(15),
        r.status.padEnd(11),
        `filed ${day(r.createdAt)}`,
        `due ${r.dueOn}`,
        r.overdue ? 'OVERDUE' : '',
      ]
        .join('  ')
        .trimEnd(),
    );
  }
  return rows;
}

/** One request with its message and the user's name and address: recorded in the user's access log. */
export async function requestsShow(database: Database, id: string, print: Print, now = new Date()) {
  const r = await showPrivacyRequestAsOperator(database, id, now);
  print(`${r.id}  ${r.kind}  ${r.status}${r.overdue ? ' (OVERDUE)' : ''}`);
  print(`  from: ${r.user.displayName} <${r.user.email}> (${r.user.id})`);
  print(`  filed: ${r.createdAt.slice(0, 10)}   due: ${r.dueOn}`);
  print('  message:');
  for (const line of r.message.split('\n')) print(`    ${line}`);
  if (r.answer) print(`  answer (${r.answeredAt?.slice(0, 10)}): ${r.answer}`);
  return r;
}

export async function requestsAnswer(
  ctx: Pick<AppContext, 'database' | 'mailer' | 'config' | 'now'>,
  id: string,
  opts: { status: string; message?: string },
  print: Print,
) {
  const r = await answerPrivacyRequestFromCli(ctx, id, {
    status: opts.status as 'in_progress' | 'done' | 'refused',
    message: opts.message,
  });
  print(`request ${r.id} is now ${r.status}; the user was mailed`);
  return r;
}

export function registerRequestsCommands(program: Command) {
  const requests = program
    .command('requests')
    .description('the privacy request queue (answer within one month)');
  requests
    .command('list')
    .description('open and in-progress requests, oldest due date first')
    .option('--overdue', 'only those past their due date')
    .action(async (opts: { overdue?: boolean }) => {
      await withDatabase((db) => requestsList(db, opts, (line) => console.log(line)));
    });
  requests
    .command('show <id>')
    .description("read a request and its author (recorded in the user's access log)")
    .action(async (id: string) => {
      await withDatabase((db) => requestsShow(db, id, (line) => console.log(line)));
    });
  requests
    .command('answer <id>')
    .description('move a request on (in_progress) or close it (done, refused) with a message to the user')
    .requiredOption('--status <in_progress|done|refused>', 'the new status')
    .option('--message <text>', 'the answer the user reads (required for done and refused)')
    .action(async (id: string, opts: { status: string; message?: string }) => {
      await withContext((ctx) => requestsAnswer(ctx, id, opts, (line) => console.log(line)));
    });
}
