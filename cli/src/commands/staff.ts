import { type StaffRole, staffRoleSchema } from '@vitalbase/core';
import { type AppContext, createStaffService } from '@vitalbase/server';
import { type Command, InvalidArgumentError } from 'commander';
import { withContext } from './user';

type Print = (line: string) => void;

/** `--role`: one of the staff roles of core/src/staff.ts. */
function parseRole(value: string): StaffRole {
  const role = staffRoleSchema.safeParse(value);
  if (!role.success) throw new InvalidArgumentError(`one of ${staffRoleSchema.options.join(', ')}`);
  return role.data;
}

/**
 * `vitalbase staff grant|revoke|list` (issue #16): the operator's staff roles from the command line,
 * where the first operator_admin is made. The same service as the console's; every change is in the
 * staff member's audit trail with `cli` as the actor.
 */
export async function staffGrant(ctx: AppContext, opts: { email: string; role: StaffRole }, print: Print) {
  const done = await createStaffService(ctx).grant(opts.email, opts.role, 'cli');
  print(done.added ? `granted ${opts.role} to ${opts.email}` : `${opts.email} already holds ${opts.role}`);
  print('the console (/admin) needs a second factor on the account');
  return done;
}

export async function staffRevoke(ctx: AppContext, opts: { email: string; role: StaffRole }, print: Print) {
  await createStaffService(ctx).revokeByEmail(opts.email, opts.role, 'cli');
  print(`revoked ${opts.role} from ${opts.email}`);
}

/** Staff emails and names are their accounts' personal data: the read is in each one's access log. */
export async function staffList(ctx: AppContext, print: Print) {
  const staff = await createStaffService(ctx).list('cli');
  if (staff.length === 0) print('no staff yet: vitalbase staff grant --email … --role operator_admin');
  for (const s of staff) {
    print(`${s.email}  ${s.displayName}  ${s.roles.map((r) => r.role).join(', ')}  (${s.userId})`);
  }
  return staff;
}

export function registerStaffCommands(program: Command) {
  const staff = program.command('staff').description("the operator's staff roles (the console at /admin)");
  const roles = staffRoleSchema.options.join(', ');
  staff
    .command('grant')
    .description('grant a staff role to an account (the first operator_admin is made here)')
    .requiredOption('--email <email>', "the staff member's account")
    .requiredOption('--role <role>', roles, parseRole)
    .action(async (opts: { email: string; role: StaffRole }) => {
      await withContext((ctx) => staffGrant(ctx, opts, (line) => console.log(line)));
    });
  staff
    .command('revoke')
    .description('revoke a staff role (the last operator_admin keeps it)')
    .requiredOption('--email <email>', "the staff member's account")
    .requiredOption('--role <role>', roles, parseRole)
    .action(async (opts: { email: string; role: StaffRole }) => {
      await withContext((ctx) => staffRevoke(ctx, opts, (line) => console.log(line)));
    });
  staff
    .command('list')
    .description('every staff member and their roles')
    .action(async () => {
      await withContext((ctx) => staffList(ctx, (line) => console.log(line)));
    });
}
