import { type AppContext, createClinicAsOperator } from '@vitalbase/server';
import type { Command } from 'commander';
import { withContext } from './user';

type Print = (line: string) => void;

/**
 * `vitalbase clinic create`: the operator opens a clinic (issue #15). The admin's existing account
 * becomes its administrator at once; an address without an account gets an invitation by mail.
 */
export async function clinicCreate(ctx: AppContext, opts: { name: string; admin: string }, print: Print) {
  const clinic = await createClinicAsOperator(ctx, { name: opts.name, adminEmail: opts.admin });
  print(`created clinic ${clinic.name} (${clinic.id})`);
  print(
    clinic.admin === 'added'
      ? `${opts.admin} is its administrator (clinic pages need a second factor on the account)`
      : `no account for ${opts.admin} yet: an administrator invitation was mailed (valid 7 days)`,
  );
  return clinic;
}

export function registerClinicCommands(program: Command) {
  const clinic = program
    .command('clinic')
    .description('operator commands on clinics (remote patient monitoring)');
  clinic
    .command('create')
    .description('create a clinic with its first administrator')
    .requiredOption('--name <name>', 'the clinic’s name, as patients and staff see it')
    .requiredOption('--admin <email>', 'the email of its first administrator')
    .action(async (opts: { name: string; admin: string }) => {
      await withContext((ctx) => clinicCreate(ctx, opts, (line) => console.log(line)));
    });
}
