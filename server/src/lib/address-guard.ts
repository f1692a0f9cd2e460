import { lookup } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a request we make to a URL someone typed may reach (SSRF): a partner's webhook
 * (features/webhooks/url-guard.ts), a clinic's key set URL (features/oauth/jwks-url.ts). Each caller
 * says which addresses it allows; the check is made on the addresses a name resolves to, at
 * connection time, so a name cannot be re-pointed at an internal host after the URL was accepted.
 */

/** Public unicast only: no loopback, private, link-local (cloud metadata), CGNAT, multicast, reserved. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

export function isLoopbackAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
}

/** The error a refused address fails the connection with (mapped by each caller from its code). */
export const nonPublicAddress = () =>
  Object.assign(new Error('The host resolves to a non-public address.'), { code: 'ENONPUBLIC' });

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | { address: string; family: number }[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request or an agent's connection that refuses a name if ANY address it resolves
 * to is not `allowed` (a name cannot mix a public and an internal address).
 */
export function lookupAllowing(allowed: (address: string) => boolean) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => {
    lookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, []);
      if (addresses.length === 0 || !addresses.every((a) => allowed(a.address))) {
        return callback(nonPublicAddress(), []);
      }
      // net asks for all of them when it tries each family in turn (autoSelectFamily).
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
