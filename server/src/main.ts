import { createApp } from './app';
import { type Config, ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** loadConfig() → open and migrate the database → createApp() → listen. */
export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const app = await createApp({ config, database });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const engine =
    database.engine === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'PostgreSQL server';
  app.log.info(
    `Vitalbase is running on ${engine}: open ${config.publicUrl.replace(`:${config.port}`, `:${port}`)}`,
  );
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      await database.close();
    })();
    return closing;
  };
  return { url: `http://${config.host}:${port}`, close };
}

export { ConfigError, loadConfig };
