import { copyFile } from 'node:fs/promises';
import {
  courtOrderInputSchema,
  disclosureInputSchema,
  maintenanceWindowInputSchema,
  processorInputSchema,
  suspendInputSchema,
} from '@vitalbase/core';
import {
  type AppContext,
  correctBirthDate,
  createDisclosuresService,
  createMaintenanceService,
  createProcessorsService,
  createSuspensionService,
  findAccount,
} from '@vitalbase/server';
import type { Command } from 'commander';
import type { z } from 'zod';
import { withContext } from './user';

type Print = (line: string) => void;

/**
 * The command line acts as the operator itself: its actions carry this id in the staff columns and
 * the audit trail (docs/lifecycle.md). The console's actions carry the staff member's own id.
 */
const CLI_ACTOR = '00000000-0000-0000-0000-000000000000';

/** The same validation as the console's API, with its first message as the command's error. */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
const day = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');

export async function suspensionAdd(ctx: AppContext, opts: { user: string; reason: string }, print: Print) {
  const row = await createSuspensionService(ctx).suspend({ id: CLI_ACTOR }, parse(suspendInputSchema, opts));
  print(
    `suspended (${row.id}); the user was mailed the reason; closes on ${day(row.rectifyBy.toISOString())} unless lifted`,
  );
  return row;
}

export async function suspensionList(ctx: AppContext, print: Print) {
  const rows = await createSuspensionService(ctx).list();
  for (const s of rows)
    print(
      `${s.id}  ${s.state.padEnd(7)}  ${s.email ?? '(erased)'}  since ${day(s.suspendedAt)}  until ${day(s.rectifyBy)}${s.legalCaseRef ? `  case ${s.legalCaseRef}` : ''}`,
    );
  if (!rows.length) print('no suspensions');
  return rows;
}

export async function maintenanceSchedule(
  ctx: AppContext,
  opts: { start: string; end: string; messageEn: string; messageFr: string; noticeDays?: number },
  print: Print,
) {
  const input = parse(maintenanceWindowInputSchema, {
    startsAt: opts.start,
    endsAt: opts.end,
    messageEn: opts.messageEn,
    messageFr: opts.messageFr,
    noticeDays: opts.noticeDays,
  });
  const w = await createMaintenanceService(ctx).schedule(null, input);
  print(`scheduled ${w.id}: ${day(w.startsAt)} → ${day(w.endsAt)} UTC, announced from ${day(w.noticeFrom)}`);
  return w;
}

export async function disclosureRecord(
  ctx: AppContext,
  opts: Record<string, string | undefined>,
  print: Print,
) {
  const input = parse(disclosureInputSchema, {
    user: opts.user,
    caseRef: opts.case,
    authority: opts.authority,
    legalBasis: opts.basis,
    scope: (opts.scope ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    requestedAt: opts.requested,
    disclosedAt: opts.disclosedAt,
    disclosed: opts.disclosed ?? '',
    noticeForbidden: opts.notice ?? 'no',
    noticeAllowedFrom: opts.noticeFrom,
  });
  const row = await createDisclosuresService(ctx).record(CLI_ACTOR, input);
  print(
    `recorded ${row.id} (case ${row.caseRef}); ${row.notifiedAt ? 'the user was told' : 'the user is not told yet (the order forbids it)'}`,
  );
  return row;
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a whole number: ${v}`);
  return n;
};

/** `vitalbase suspension|maintenance|disclosure|processor …` and `user correct-birth-date` (issue #16). */
export function registerLifecycleCommands(program: Command) {
  const print = (line: string) => console.log(line);
  const run = async (work: (ctx: AppContext) => Promise<unknown>): Promise<void> => {
    await withContext(work);
  };

  const suspension = program
    .command('suspension')
    .description('suspensions of accounts (P22; privacy officer)');
  suspension
    .command('add')
    .description('suspend an account: the user is mailed the reason and has 15 days to answer')
    .requiredOption('--user <emailOrId>', 'the account')
    .requiredOption('--reason <text>', 'what the user is told')
    .action((opts) => run((ctx) => suspensionAdd(ctx, opts, print)));
  suspension
    .command('list')
    .description('suspensions, newest first')
    .action(() => run((ctx) => suspensionList(ctx, print)));
  suspension
    .command('lift <id>')
    .description('lift a suspension: the account is active again as it was')
    .requiredOption('--reason <text>', 'why (kept in the register)')
    .action((id: string, opts: { reason: string }) =>
      run(async (ctx) => {
        await createSuspensionService(ctx).lift({ id: CLI_ACTOR }, id, opts.reason);
        print(`lifted ${id}`);
      }),
    );
  suspension
    .command('court-order')
    .description('close an account at once on a court order, recorded as a legal case')
    .requiredOption('--user <emailOrId>', 'the account')
    .requiredOption('--case <ref>', 'the case reference')
    .requiredOption('--authority <name>', 'the court')
    .requiredOption('--reason <text>', 'what the user is told')
    .action((opts) =>
      run(async (ctx) => {
        const input = parse(courtOrderInputSchema, { ...opts, caseRef: opts.case, case: undefined });
        const row = await createSuspensionService(ctx).closeByCourtOrder({ id: CLI_ACTOR }, input);
        print(`closed (case ${row.legalCaseRef}); purged after the 7-day window`);
      }),
    );

  const maintenance = program.command('maintenance').description('maintenance windows (P23; operator admin)');
  maintenance
    .command('schedule')
    .description(
      'announce a window: a banner from N days before, a mail when over an hour, writes 503 during it',
    )
    .requiredOption('--start <iso>', 'start, e.g. 2026-12-20T22:00:00Z')
    .requiredOption('--end <iso>', 'end')
    .requiredOption('--message-en <text>', 'the banner and mail, in English')
    .requiredOption('--message-fr <text>', 'the banner and mail, in French')
    .option('--notice-days <n>', 'days of notice (default MAINTENANCE_NOTICE_DAYS)', positiveInt)
    .action((opts) => run((ctx) => maintenanceSchedule(ctx, opts, print)));
  maintenance
    .command('list')
    .description('windows, newest first')
    .action(() =>
      run(async (ctx) => {
        for (const w of await createMaintenanceService(ctx).list())
          print(
            `${w.id}  ${day(w.startsAt)} → ${day(w.endsAt)}${w.cancelledAt ? '  cancelled' : ''}${w.active ? '  RUNNING' : ''}`,
          );
      }),
    );
  maintenance
    .command('cancel <id>')
    .description('cancel a window, or end a running one')
    .action((id: string) =>
      run(async (ctx) => {
        await createMaintenanceService(ctx).cancel(id);
        print(`cancelled ${id}`);
      }),
    );

  const disclosure = program.command('disclosure').description('legal disclosures (P10; privacy officer)');
  disclosure
    .command('record')
    .description('record a disclosure to an authority; the user is told unless the order forbids it')
    .requiredOption('--user <emailOrId>', 'the account')
    .requiredOption('--case <ref>', 'the request’s reference')
    .requiredOption('--authority <name>', 'who asked')
    .requiredOption('--basis <text>', 'the legal basis')
    .requiredOption('--scope <list>', 'categories, comma-separated (identity,devices,readings:weight)')
    .requiredOption('--requested <iso>', 'when the request came')
    .option('--disclosed-at <iso>', 'when the data was handed over')
    .option('--disclosed <text>', 'what was handed over')
    .option('--notice <no|until_date|indefinitely>', 'whether the order forbids telling the user', 'no')
    .option('--notice-from <iso>', 'with until_date: from when the user may be told')
    .action((opts) => run((ctx) => disclosureRecord(ctx, opts, print)));
  disclosure
    .command('export <id>')
    .description('the archive for a recorded disclosure (the "Download my data" builder)')
    .requiredOption('--out <file.zip>', 'where to write it')
    .action((id: string, opts: { out: string }) =>
      run(async (ctx) => {
        const { file, cleanup } = await createDisclosuresService(ctx).exportFor(id);
        try {
          await copyFile(file, opts.out);
        } finally {
          await cleanup();
        }
        print(`written to ${opts.out}`);
      }),
    );

  const processor = program.command('processor').description('the processors and transfers register (P25)');
  processor
    .command('list')
    .description('processors in the register')
    .action(() =>
      run(async (ctx) => {
        for (const p of await createProcessorsService(ctx).list())
          print(`${p.id}  ${p.name} — ${p.purpose} — ${p.country} — ${p.safeguard}`);
      }),
    );
  processor
    .command('add')
    .description('add a processor or transfer, shown in the privacy center')
    .requiredOption('--name <name>', 'who')
    .requiredOption('--purpose <text>', 'for what')
    .requiredOption('--country <country>', 'where the data goes')
    .requiredOption('--safeguard <text>', 'e.g. "standard contractual clauses", "none (same country)"')
    .action((opts) =>
      run(async (ctx) => {
        const p = await createProcessorsService(ctx).add(parse(processorInputSchema, opts));
        print(`added ${p.id}`);
      }),
    );
  processor
    .command('remove <id>')
    .description('remove a processor from the register')
    .action((id: string) =>
      run(async (ctx) => {
        await createProcessorsService(ctx).remove(id);
        print(`removed ${id}`);
      }),
    );
  const user = program.commands.find((c) => c.name() === 'user');
  if (user) registerCorrectBirthDate(user);
}

/** `vitalbase user correct-birth-date`: the answer to a rectification request (P3 when it shows a minor). */
function registerCorrectBirthDate(user: Command) {
  user
    .command('correct-birth-date <emailOrId>')
    .description('correct a birth date (a rectification request); a minor waits for a parent’s consent')
    .requiredOption('--birth-date <YYYY-MM-DD>', 'the corrected birth date')
    .option('--parent-email <email>', 'required when the person is a minor: the parent asked to consent')
    .option('--request <id>', 'the privacy request this answers (kept in the audit trail)')
    .action((emailOrId: string, opts: { birthDate: string; parentEmail?: string; request?: string }) =>
      withContext(async (ctx) => {
        const account = await findAccount(ctx.database.db, emailOrId);
        const { minor } = await correctBirthDate(ctx, {
          userId: account.id,
          birthDate: opts.birthDate,
          parentEmail: opts.parentEmail,
          requestRef: opts.request,
        });
        console.log(
          minor
            ? `birth date corrected: a minor; the parent was mailed the consent link (30 days, then the account is deleted)`
            : 'birth date corrected',
        );
      }),
    );
}
