import {
  type AppContext,
  createAppContext,
  createUserAsOperator,
  type Database,
  disableUserAsOperator,
  listUsersAsOperator,
  openDatabase,
  showUserAsOperator,
} from '@vitalbase/server';
import type { Command } from 'commander';
import { purposeOf } from './purpose';
import { withConfig } from './serve';

type Print = (line: string) => void;

/** Opens the configured database (embedded or DATABASE_URL), brings it up to date, runs `work`, closes. */
export async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const config = withConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    ownerUrl: config.databaseOwnerUrl,
    dataDir: config.dataDir,
  });
  try {
    await database.migrate();
    return await work(database);
  } finally {
    await database.close();
  }
}

/**
 * Runs `work` with the same AppContext the server builds (createAppContext): mail goes to the
 * configured SMTP server or the embedded outbox, audit events and the clock are the server's.
 */
export async function withContext<T>(work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = withConfig();
  return withDatabase(async (database) => {
    const ctx = createAppContext({ config, database });
    try {
      return await work(ctx);
    } finally {
      ctx.mailer.close();
    }
  });
}

const day = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '—');

/** What a change to an account needs from the context (the server's audit trail and clock). */
type AccountContext = Pick<AppContext, 'database' | 'audit' | 'now'>;

export async function userCreate(
  ctx: AccountContext,
  opts: {
    email: string;
    name: string;
    birthDate: string;
    country: string;
    password?: string;
    timeZone?: string;
  },
  print: Print,
) {
  const { user, generatedPassword } = await createUserAsOperator(ctx, {
    email: opts.email,
    displayName: opts.name,
    birthDate: opts.birthDate,
    country: opts.country,
    password: opts.password,
    timeZone: opts.timeZone,
  });
  print(`created ${user.email} (${user.id}), verified and active`);
  if (generatedPassword) print(`password (shown once): ${generatedPassword}`);
  return user;
}

/** Each account printed is a read of its data: recorded in its access log with the purpose. */
export async function userList(
  database: Database,
  opts: { limit?: number; state?: string; purpose?: string },
  print: Print,
) {
  const state = opts.state as 'active' | 'pending_parental_consent' | 'disabled' | undefined;
  const rows = await listUsersAsOperator(database, { limit: opts.limit, state, purpose: opts.purpose });
  if (!rows.length) print('no accounts');
  for (const u of rows) {
    print(
      [
        u.id,
        u.email,
        u.state,
        u.emailVerified ? 'verified' : 'unverified',
        `created ${day(u.createdAt)}`,
        `last sign-in ${day(u.lastLoginAt)}`,
      ].join('  '),
    );
  }
  return rows;
}

export async function userShow(database: Database, emailOrId: string, print: Print) {
  const u = await showUserAsOperator(database, emailOrId);
  print(`${u.email} (${u.id})`);
  print(`  name: ${u.displayName}   country: ${u.country}   born: ${u.birthDate}`);
  print(`  state: ${u.state}   email ${u.emailVerified ? 'verified' : 'not verified'}`);
  print(`  created: ${day(u.createdAt)}   last sign-in: ${day(u.lastLoginAt)}`);
  print(
    `  active sessions: ${u.activeSessions}   failed sign-ins: ${u.failedLoginCount}${u.lockedUntil ? `   locked until ${day(u.lockedUntil)}` : ''}`,
  );
  if (u.recentEvents.length) print('  recent security events:');
  for (const e of u.recentEvents) print(`    ${day(e.at)}  ${e.action}${e.ip ? `  from ${e.ip}` : ''}`);
  return u;
}

export async function userDisable(
  ctx: AccountContext,
  emailOrId: string,
  opts: { reason?: string },
  print: Print,
) {
  const { user, sessionsEnded } = await disableUserAsOperator(ctx, emailOrId, { reason: opts.reason });
  print(`disabled ${user.email} (${user.id}); ${sessionsEnded} session(s) ended`);
  return user;
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`not a positive whole number: ${v}`);
  return n;
};

export function registerUserCommands(program: Command) {
  const user = program.command('user').description('operator commands on accounts');
  const print = (line: string) => console.log(line);

  user
    .command('create')
    .description('create a verified, active account (a password is generated if none is given)')
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--birth-date <YYYY-MM-DD>', 'birth date')
    .requiredOption('--country <CC>', 'country code, e.g. FR')
    .option('--password <password>', 'password (prefer leaving it out: one is generated)')
    .option('--time-zone <zone>', "IANA time zone of the person's local days, e.g. Europe/Paris", 'UTC')
    .action(async (opts) => {
      await withContext((ctx) => userCreate(ctx, opts, print));
    });

  user
    .command('list')
    .description('list accounts, newest first')
    .option('--limit <n>', 'how many', positiveInt, 50)
    .option('--state <state>', 'active | pending_parental_consent | disabled')
    .option('--purpose <text>', "why (recorded in each listed account's access log; asked if left out)")
    .action(async (opts) => {
      const purpose = await purposeOf(opts.purpose);
      await withDatabase((db) => userList(db, { ...opts, purpose }, print));
    });

  user
    .command('show <emailOrId>')
    .description('one account: state, sessions, recent security events')
    .action(async (emailOrId: string) => {
      await withDatabase((db) => userShow(db, emailOrId, print));
    });

  user
    .command('disable <emailOrId>')
    .description('disable an account and end all its sessions')
    .option('--reason <text>', 'why (kept in the account’s audit trail)')
    .action(async (emailOrId: string, opts) => {
      await withContext((ctx) => userDisable(ctx, emailOrId, opts, print));
    });
}
