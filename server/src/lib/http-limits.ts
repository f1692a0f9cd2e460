import type { Server } from 'node:http';
import type { Config } from '../config';

type Limits = Pick<
  Config,
  'httpHeadersTimeoutMs' | 'httpRequestTimeoutMs' | 'httpKeepAliveTimeoutMs' | 'maxConnectionsPerAddress'
>;

/**
 * Fastify's server options for slow or stalled clients. Fastify's own default `requestTimeout` is 0 (no
 * limit), so a client that stops mid-headers, or declares a long body and sends a few bytes, held its
 * connection for ever [issue #11]. Node checks these deadlines every `connectionsCheckingInterval`
 * (30 s by default, which would stretch a 15 s deadline to 45 s): check at least every second.
 */
export function httpTimeoutOptions(config: Limits) {
  return {
    requestTimeout: config.httpRequestTimeoutMs,
    keepAliveTimeout: config.httpKeepAliveTimeoutMs,
    http: {
      headersTimeout: config.httpHeadersTimeoutMs,
      requestTimeout: config.httpRequestTimeoutMs,
      keepAliveTimeout: config.httpKeepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, config.httpHeadersTimeoutMs / 4)),
    },
  };
}

/**
 * At most `maxConnectionsPerAddress` open connections per client address; the next one is closed at
 * once. Behind a reverse proxy (`trustProxy`) every connection comes from the proxy, so the cap is
 * left to the proxy.
 */
export function capConnectionsPerAddress(server: Server, config: Limits & Pick<Config, 'trustProxy'>) {
  const max = config.maxConnectionsPerAddress;
  if (max <= 0 || config.trustProxy) return;
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
