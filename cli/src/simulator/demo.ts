import { createHmac } from 'node:crypto';
import type { Config, startServer } from '@vitalbase/server';
import { factoryKey } from '@vitalbase/server';
import { createThrottle, UserHttp } from './http';
import { runSimulation } from './run';
import { outboxVerifier } from './verify';

const DEMO_EMAIL = 'demo@vitalbase.local';

/** Stable per instance (derived from its secret), so a restart prints the same password. */
function demoPassword(config: Pick<Config, 'cookieSecret'>): string {
  return `Demo-${createHmac('sha256', config.cookieSecret).update('vitalbase-demo-password').digest('base64url').slice(0, 16)}`;
}

/**
 * `npm start -- --demo`: a demo household filled through the running server's HTTP API, so a
 * newcomer sees data at once. Runs once per data dir: if the demo account already signs in, it is
 * left as it is.
 */
export async function fillDemo(
  server: Awaited<ReturnType<typeof startServer>>,
  config: Config,
  opts: { days?: number; log?: (line: string) => void } = {},
): Promise<{ email: string; password: string; filled: boolean }> {
  const log = opts.log ?? console.log;
  const password = demoPassword(config);
  const probe = new UserHttp({ baseUrl: server.url, throttle: createThrottle(0), attempts: 1 });
  const signedIn = await probe.request('POST', '/api/auth/login', { email: DEMO_EMAIL, password });
  if (signedIn.status !== 200) {
    log('Filling the demo account with 30 days of simulated data…');
    await runSimulation({
      url: server.url,
      days: opts.days ?? 30,
      users: 3,
      rate: 0,
      seed: 42,
      factoryKey: factoryKey(config.cookieSecret),
      email: DEMO_EMAIL,
      password,
      verifyEmail: outboxVerifier(server.app.ctx.database),
    });
  }
  log(`Demo account: ${DEMO_EMAIL} / ${password}  (household members: demo+sam@…, demo+jo@…, same password)`);
  return { email: DEMO_EMAIL, password, filled: signedIn.status !== 200 };
}
