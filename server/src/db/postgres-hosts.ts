import pg from 'pg';

/**
 * A PostgreSQL URL with several hosts (issue #19), as libpq and pg_auto_failover's `show uri` write it:
 * `postgres://user:pass@h1:5432,h2:5433/db?target_session_attrs=read-write`. node-postgres takes one
 * host, so the URL is split into one plain URL per host, tried in order.
 */
export interface PostgresTargets {
  /** One single-host URL per host, in the order given. */
  urls: string[];
  /** `read-write` (the default with several hosts): only a primary will do. `any`: the first that answers. */
  targetSessionAttrs: 'read-write' | 'any';
}

const MULTI_HOST = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/;

export function parsePostgresTargets(url: string): PostgresTargets {
  const m = MULTI_HOST.exec(url);
  if (!m) throw new Error('not a postgres:// URL');
  const [, scheme, userinfo = '', hostList = '', pathname = '', search = ''] = m;
  const hosts = hostList.split(',').filter(Boolean);
  if (hosts.length === 0) throw new Error('a postgres:// URL needs a host');
  const params = new URLSearchParams(search);
  const attrs = params.get('target_session_attrs') ?? (hosts.length > 1 ? 'read-write' : 'any');
  if (attrs !== 'read-write' && attrs !== 'any') {
    throw new Error(`target_session_attrs=${attrs} is not supported (read-write or any)`);
  }
  // node-postgres does not know target_session_attrs: it is applied here, then left out.
  params.delete('target_session_attrs');
  const rest = params.toString();
  const urls = hosts.map((host) => {
    const single = `${scheme}${userinfo}${host}${pathname}${rest ? `?${rest}` : ''}`;
    new URL(single); // throws on a malformed host
    return single;
  });
  return { urls, targetSessionAttrs: attrs };
}

/** Errors after which the connection's server is no longer the one to use: gone, or now a standby. */
export function isFailoverError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'].includes(
      e.code ?? '',
    ) ||
    // admin_shutdown, crash_shutdown, cannot_connect_now, read_only_sql_transaction
    ['57P01', '57P02', '57P03', '25006'].includes(e.code ?? '') ||
    /Connection terminated|connection terminated unexpectedly|Client has encountered a connection error/i.test(
      e.message ?? '',
    )
  );
}

/**
 * A node-postgres Pool over several hosts: it finds the primary (or the first host that answers with
 * `any`), keeps a pool to it, and after an error that says the primary is gone or became a standby,
 * finds it again on the next connection. A statement that failed is not retried here (only its
 * caller knows whether it is safe: device syncs are idempotent by key and the device retries).
 * Extends pg.Pool so drizzle treats it as a pool (it opens transactions with `connect()`).
 */
export class FailoverPool extends pg.Pool {
  private readonly targets: PostgresTargets;
  private readonly poolConfig: pg.PoolConfig;
  private readonly pools = new Map<string, pg.Pool>();
  private current: string | undefined;
  private finding: Promise<string> | undefined;
  private readonly watched = new WeakSet<pg.PoolClient>();

  constructor(url: string, config: Omit<pg.PoolConfig, 'connectionString'> = {}) {
    super({ max: 1 }); // never used: every connection comes from the pool of the current host
    this.targets = parsePostgresTargets(url);
    this.poolConfig = config;
  }

  private poolFor(url: string): pg.Pool {
    let pool = this.pools.get(url);
    if (!pool) {
      pool = new pg.Pool({ ...this.poolConfig, connectionString: url });
      // An idle connection dropped by a server that went away: forget that server, do not crash.
      pool.on('error', () => this.forget(url));
      this.pools.set(url, pool);
    }
    return pool;
  }

  private forget(url: string) {
    if (this.current === url) this.current = undefined;
  }

  /** The host to use now: the known one, or the first (primary, for read-write) that answers. */
  private async target(): Promise<string> {
    if (this.current) return this.current;
    this.finding ??= (async () => {
      let last: unknown;
      for (const url of this.targets.urls) {
        try {
          const client = await this.poolFor(url).connect();
          try {
            if (this.targets.targetSessionAttrs === 'read-write') {
              const { rows } = await client.query<{ standby: boolean }>(
                'SELECT pg_is_in_recovery() AS standby',
              );
              if (rows[0]?.standby) continue;
            }
          } finally {
            client.release();
          }
          this.current = url;
          return url;
        } catch (err) {
          last = err;
        }
      }
      throw Object.assign(new Error('no PostgreSQL server of DATABASE_URL accepts writes now'), {
        code: 'ECONNREFUSED',
        cause: last,
      });
    })().finally(() => {
      this.finding = undefined;
    });
    return this.finding;
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg.Pool's overloaded signatures (promise and callback)
  override connect(callback?: any): any {
    const promise = (async () => {
      const url = await this.target();
      try {
        const client = await this.poolFor(url).connect();
        if (this.watched.has(client)) return client;
        // Once per connection (the pool hands the same ones out again).
        this.watched.add(client);
        client.on('error', () => this.forget(url));
        const query = client.query.bind(client);
        // biome-ignore lint/suspicious/noExplicitAny: the same overloads
        (client as any).query = (...args: any[]) => {
          const result = (query as (...a: unknown[]) => unknown)(...args);
          if (result && typeof (result as Promise<unknown>).catch === 'function') {
            (result as Promise<unknown>).catch((err: unknown) => {
              if (isFailoverError(err)) this.forget(url);
            });
          }
          return result;
        };
        return client;
      } catch (err) {
        if (isFailoverError(err)) this.forget(url);
        throw err;
      }
    })();
    if (typeof callback === 'function') {
      promise.then(
        (client) => callback(undefined, client, () => client.release()),
        (err) => callback(err),
      );
      return undefined;
    }
    return promise;
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg.Pool's overloaded signatures
  override query(...args: any[]): any {
    return (async () => {
      const client = (await this.connect()) as pg.PoolClient;
      try {
        return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
      } finally {
        client.release();
      }
    })();
  }

  override async end(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.end()));
    await super.end();
  }
}
