import net from 'node:net';
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
  /**
   * `sslmode=prefer` (pg_auto_failover's `show uri` prints it) or `allow`: as libpq, TLS when the server
   * offers it, without verifying its certificate, else plain. node-postgres alone would read `prefer` as
   * verify-full and fail against a server without TLS, so it is left out of `urls` and applied here.
   */
  tlsIfOffered: boolean;
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
  const sslmode = params.get('sslmode');
  const tlsIfOffered = sslmode === 'prefer' || sslmode === 'allow';
  if (tlsIfOffered) params.delete('sslmode');
  const rest = params.toString();
  const urls = hosts.map((host) => {
    const single = `${scheme}${userinfo}${host}${pathname}${rest ? `?${rest}` : ''}`;
    new URL(single); // throws on a malformed host
    return single;
  });
  return { urls, targetSessionAttrs: attrs, tlsIfOffered };
}

/**
 * Whether the PostgreSQL server at host:port accepts TLS: its one-byte answer to an SSLRequest (`S` or
 * `N`), the question libpq asks first with sslmode=prefer.
 */
export function serverOffersTls(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timeout asking the server for TLS')));
    socket.once('error', reject);
    socket.once('connect', () => {
      const request = Buffer.alloc(8);
      request.writeInt32BE(8, 0);
      request.writeInt32BE(80877103, 4); // SSLRequest
      socket.write(request);
    });
    socket.once('data', (answer) => {
      socket.destroy();
      if (answer[0] === 0x53) resolve(true);
      else if (answer[0] === 0x4e) resolve(false);
      else reject(new Error('unexpected answer to an SSLRequest'));
    });
    socket.once('close', () => reject(new Error('the server closed the connection at the SSLRequest')));
  });
}

/** Bounds on waits for the database, so a server that stops answering fails a request, not hangs it. */
export interface PoolTimeouts {
  /** Opening a connection (TCP and authentication). */
  connectSeconds: number;
  /**
   * One statement, on the server (statement_timeout), and as seen by the client a few seconds later:
   * a primary killed mid-query, or a backend left without its postmaster, may never answer at all.
   * Also the longest a transaction may sit idle (idle_in_transaction_session_timeout).
   */
  statementSeconds: number;
}

export const DEFAULT_POOL_TIMEOUTS: PoolTimeouts = { connectSeconds: 10, statementSeconds: 120 };

/** node-postgres pool settings for these timeouts. */
export function poolTimeoutConfig(t: PoolTimeouts): pg.PoolConfig {
  return {
    connectionTimeoutMillis: t.connectSeconds * 1000,
    statement_timeout: t.statementSeconds * 1000,
    idle_in_transaction_session_timeout: t.statementSeconds * 1000,
    query_timeout: (t.statementSeconds + 5) * 1000,
    // A peer gone without a word (a machine down, a partition) is noticed by TCP, not never.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
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
  private readonly pools = new Map<string, Promise<pg.Pool>>();
  private current: string | undefined;
  private finding: Promise<string> | undefined;
  private readonly watched = new WeakSet<pg.PoolClient>();

  constructor(url: string, config: Omit<pg.PoolConfig, 'connectionString'> = {}) {
    super({ max: 1 }); // never used: every connection comes from the pool of the current host
    this.targets = parsePostgresTargets(url);
    this.poolConfig = config;
  }

  private poolFor(url: string): Promise<pg.Pool> {
    let pool = this.pools.get(url);
    if (!pool) {
      pool = (async () => {
        const ssl = this.targets.tlsIfOffered ? await this.tlsFor(url) : undefined;
        const created = new pg.Pool({
          ...this.poolConfig,
          ...(ssl === undefined ? {} : { ssl }),
          connectionString: url,
        });
        // An idle connection dropped by a server that went away: forget that server, do not crash.
        created.on('error', () => this.forget(url));
        return created;
      })();
      this.pools.set(url, pool);
      // Not reachable now: ask again next time.
      pool.catch(() => this.pools.delete(url));
    }
    return pool;
  }

  /** sslmode=prefer: TLS without verification when the server offers it, else none (as libpq). */
  private async tlsFor(url: string): Promise<pg.PoolConfig['ssl']> {
    const { hostname, port } = new URL(url);
    const timeoutMs = this.poolConfig.connectionTimeoutMillis || 10_000;
    return (await serverOffersTls(hostname.replace(/^\[|\]$/g, ''), Number(port || 5432), timeoutMs))
      ? { rejectUnauthorized: false }
      : false;
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
          const client = await (await this.poolFor(url)).connect();
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
        const client = await (await this.poolFor(url)).connect();
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
    const pools = await Promise.allSettled(this.pools.values());
    await Promise.all(pools.map((p) => (p.status === 'fulfilled' ? p.value.end() : undefined)));
    await super.end();
  }
}
