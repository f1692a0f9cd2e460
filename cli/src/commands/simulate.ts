import {
  createAppContext,
  createClinicAsOperator,
  factoryKey,
  loadConfig,
  openDatabase,
} from '@vitalbase/server';
import { type Command, InvalidArgumentError } from 'commander';
import { runClinicSimulation } from '../simulator/clinic';
import { runSimulation } from '../simulator/run';
import { outboxVerifier } from '../simulator/verify';

const positiveInt = (max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new InvalidArgumentError(`a whole number from 1 to ${max}`);
  return n;
};
const rate = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('requests per second, 0 for no limit');
  return n;
};

export function registerSimulateCommand(program: Command) {
  program
    .command('simulate')
    .description(
      'fill a server with a simulated household (accounts, six paired devices, a shared scale) through its HTTP API',
    )
    .requiredOption('--url <url>', 'the server, e.g. http://127.0.0.1:8080')
    .option('--days <n>', 'days of data, ending today', positiveInt(3650), 30)
    .option('--users <n>', 'people in the household (they share the scale)', positiveInt(50), 3)
    .option('--rate <n>', 'requests per second at most (0 = no limit)', rate, 20)
    .option('--seed <n>', 'seed of the simulated data', positiveInt(2 ** 31), 1)
    .option('--email <email>', "the owner's account (signed in, or created); members get email+name@domain")
    .option('--password <password>', 'password of every simulated account (generated when not given)')
    .option(
      '--factory-key <key>',
      "the instance's factory key (default: computed from this machine's configuration, COOKIE_SECRET or the data dir)",
    )
    .option(
      '--verify-via-db',
      "operator only: read new accounts' verification links from the instance's mail outbox (needs DATABASE_URL of a PostgreSQL server; the embedded database is held by the running server — use `npm start -- --demo` there)",
    )
    .option(
      '--clinic',
      'fill a clinic instead: an admin, a stock of cellular blood pressure monitors, and --patients patients enrolled with one each (some out of range, some not adherent); needs DATABASE_URL like --verify-via-db (the operator creates the clinic)',
    )
    .option('--patients <n>', 'patients of the simulated clinic', positiveInt(5000), 200)
    .action(async (opts) => {
      const config = loadConfig();
      if (opts.clinic) return simulateClinic(opts, config);
      let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
      if (opts.verifyViaDb) {
        if (!config.databaseUrl) {
          throw new Error(
            '--verify-via-db needs DATABASE_URL (a PostgreSQL server); with the embedded database use --demo.',
          );
        }
        database = await openDatabase({ databaseUrl: config.databaseUrl });
      }
      try {
        const report = await runSimulation({
          url: opts.url,
          days: opts.days,
          users: opts.users,
          rate: opts.rate,
          seed: opts.seed,
          factoryKey: opts.factoryKey ?? factoryKey(config.cookieSecret),
          email: opts.email,
          password: opts.password,
          verifyEmail: database ? outboxVerifier(database) : undefined,
          log: (line) => console.log(line),
        });
        console.log(
          `done: ${report.accounts.map((a) => a.email).join(', ')} (password: ${report.password}); ` +
            `${report.items.stored} items stored, ${report.claimed} weigh-ins claimed, ${report.retriedAfterDrop} retried after a dropped connection`,
        );
      } finally {
        await database?.close();
      }
    });
}

/** `simulate --clinic`: the clinic is the operator's step (the database); everything else is HTTP. */
async function simulateClinic(
  opts: {
    url: string;
    days: number;
    patients: number;
    rate: number;
    seed: number;
    factoryKey?: string;
    password?: string;
  },
  config: ReturnType<typeof loadConfig>,
) {
  if (!config.databaseUrl) {
    throw new Error(
      '--clinic needs DATABASE_URL (a PostgreSQL server): the operator creates the clinic there.',
    );
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl });
  const ctx = createAppContext({ config, database });
  try {
    const report = await runClinicSimulation({
      url: opts.url,
      patients: opts.patients,
      days: opts.days,
      rate: opts.rate,
      seed: opts.seed,
      password: opts.password,
      factoryKey: opts.factoryKey ?? factoryKey(config.cookieSecret),
      verifyEmail: outboxVerifier(database),
      createClinic: (adminEmail) =>
        createClinicAsOperator(ctx, { name: `Simulated clinic ${opts.seed}`, adminEmail }),
      ownAddresses: ['127.0.0.1', 'localhost'].includes(new URL(opts.url).hostname),
      log: (line) => console.log(line),
    });
    const count = (p: string) => report.patients.filter((x) => x.profile === p).length;
    console.log(
      `done: clinic ${report.clinicId}, admin ${report.admin.email} (password: ${report.admin.password}, TOTP secret: ${report.admin.totpSecret}); ` +
        `${report.patients.length} patients (${count('out_of_range')} out of range, ${count('not_adherent')} not adherent), ${report.stored} readings stored`,
    );
  } finally {
    ctx.mailer.close();
    await database.close();
  }
}
