import { factoryKey, loadConfig, openDatabase } from '@vitalbase/server';
import { type Command, InvalidArgumentError } from 'commander';
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
    .action(async (opts) => {
      const config = loadConfig();
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
