import { ConfigError, loadConfig, openDatabase, startServer } from '@vitalbase/server';
import cluster from 'node:cluster';
import { type Command, InvalidArgumentError } from 'commander';
import { defaultWorkers, serveWithWorkers } from './serve-workers';
import { fillDemo } from '../simulator/demo';

export function withConfig() {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

export function registerServeCommands(program: Command) {
  program
    .command('serve')
    .description('run the server and the web app (embedded database unless DATABASE_URL is set)')
    .option(
      '--demo',
      'start with a demo account filled with 30 days of simulated data (its password is printed)',
    )
    .option(
      '--workers <n>',
      'processes answering on the port (default: every core on PostgreSQL, 1 on the embedded database)',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 256)
          throw new InvalidArgumentError('a whole number from 1 to 256');
        return n;
      },
    )
    .action(async (opts: { demo?: boolean; workers?: number }) => {
      const config = withConfig();
      const workers = opts.workers ?? defaultWorkers(config);
      if (workers > 1 || cluster.isWorker) {
        if (opts.demo) throw new Error('--demo runs in one process: leave out --workers');
        return serveWithWorkers(config, workers);
      }
      const server = await startServer(config);
      if (opts.demo) await fillDemo(server, config);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          server.close().then(() => process.exit(0));
        });
      }
    });

  program
    .command('migrate')
    .description('apply database migrations, then exit (the server also does this at start)')
    .action(async () => {
      const config = withConfig();
      const database = await openDatabase({
        databaseUrl: config.databaseUrl,
        ownerUrl: config.databaseOwnerUrl,
        dataDir: config.dataDir,
      });
      await database.migrate();
      await database.close();
      console.log(
        `migrations applied (${database.engine}${config.databaseOwnerUrl ? ", as the owner; the serving role's rights granted" : ''})`,
      );
    });
}
