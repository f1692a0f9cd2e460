import { createHash } from 'node:crypto';
import type { RawSql } from '../db/client';

/**
 * Rate-limit counters in the database (issue #19), shared by every process and server on it: a request
 * on server A and the next on server B count against the same limit. Fixed windows, as
 * @fastify/rate-limit's own store counts; one statement per hit (an upsert that starts a new window
 * when the old one ended). The key is hashed: it holds a client address or an email.
 */
const hashed = (key: string) => createHash('sha256').update(key).digest('base64url');

/** One hit in a few thousand also deletes windows that ended long ago, so the table stays small. */
const SWEEP_ONE_IN = 2000;

interface Hit {
  current: number;
  ttl: number;
}
type Callback = (err: Error | null, result?: Hit) => void;

export function sqlRateLimitStore(raw: RawSql) {
  async function incr(key: string, timeWindowMs: number): Promise<Hit> {
    const { rows } = await raw.query<{ hits: number; ttl: string | number }>(
      `INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at)
         VALUES ($1, 1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.window_ends_at <= now() THEN 1 ELSE c.hits + 1 END,
         window_ends_at = CASE WHEN c.window_ends_at <= now()
           THEN now() + $2 * interval '1 millisecond' ELSE c.window_ends_at END
       RETURNING hits, ceil(extract(epoch FROM (window_ends_at - now())) * 1000) AS ttl`,
      [hashed(key), timeWindowMs],
    );
    if (Math.random() * SWEEP_ONE_IN < 1) {
      await raw.query(`DELETE FROM rate_limit_counters WHERE window_ends_at < now() - interval '1 day'`);
    }
    const row = rows[0]!;
    return { current: row.hits, ttl: Math.max(0, Number(row.ttl)) };
  }

  async function read(key: string): Promise<Hit> {
    const { rows } = await raw.query<{ hits: number; ttl: string | number }>(
      `SELECT hits, ceil(extract(epoch FROM (window_ends_at - now())) * 1000) AS ttl
         FROM rate_limit_counters WHERE key = $1 AND window_ends_at > now()`,
      [hashed(key)],
    );
    const row = rows[0];
    return row ? { current: row.hits, ttl: Number(row.ttl) } : { current: 0, ttl: 0 };
  }

  /**
   * The store class @fastify/rate-limit instantiates (its `store` option). The plugin makes a child per
   * route that declares its own limit: each counts apart, as the plugin's memory store does, so its keys
   * are prefixed with the route (method and pattern, the same in every process) or its `groupId`.
   * Limits made with `createRateLimit` have no route: their keys carry their own name.
   */
  return class SqlRateLimitStore {
    private readonly namespace: string;
    /** The plugin passes its options (unused: the limits come with each call); a child passes its prefix. */
    constructor(_options?: unknown, namespace = '') {
      this.namespace = namespace;
    }
    incr(key: string, cb: Callback, timeWindow: number) {
      incr(`${this.namespace}${key}`, timeWindow).then((hit) => cb(null, hit), cb);
    }
    read(key: string, cb: Callback) {
      read(`${this.namespace}${key}`).then((hit) => cb(null, hit), cb);
    }
    // Declared as taking the route's options; at run time it is the limit's params with `routeInfo`.
    child(routeOptions: object) {
      const params = routeOptions as {
        groupId?: string;
        routeInfo?: { method?: string | string[]; url?: string };
      };
      const route = params.routeInfo?.url ? `${params.routeInfo.method} ${params.routeInfo.url}` : '';
      const namespace = params.groupId ? `group ${params.groupId}` : route;
      return new SqlRateLimitStore(undefined, namespace ? `${namespace}\n` : '');
    }
  };
}
