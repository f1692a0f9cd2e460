import { ConfigError, loadConfig, openDatabase, startServer } from '@vitalbase/server';
import type { Command } from 'commander';
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
    .action(async (opts: { demo?: boolean }) => {
      const config = withConfig();
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
