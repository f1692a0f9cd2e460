import net from 'node:net';
import { isPublicAddress, lookupAllowing } from '../../lib/address-guard';

/** Longest callback or webhook URL accepted (the original caps callbacks at 255 characters). */
const MAX_CALLBACK_URL_LENGTH = 255;

export interface UrlPolicy {
  /** Tests and private deployments: http and private, loopback and link-local addresses allowed. */
  allowPrivateNetwork: boolean;
}

/**
 * Why a partner's URL may not be called, or undefined when it may: https only (unless private
 * networks are allowed), no credentials in it, no IP literal outside the public internet. Names are
 * checked again when resolved, at every send (see guardedLookup).
 */
export function callbackUrlProblem(raw: string, policy: UrlPolicy): string | undefined {
  if (raw.length > MAX_CALLBACK_URL_LENGTH)
    return `The URL is longer than ${MAX_CALLBACK_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'The URL is not valid.';
  }
  const protocols = policy.allowPrivateNetwork ? ['https:', 'http:'] : ['https:'];
  if (!protocols.includes(url.protocol)) return 'The URL must use https.';
  if (url.username || url.password) return 'The URL must not carry credentials.';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) return 'The URL has no host.';
  if (!policy.allowPrivateNetwork) {
    if (net.isIP(host) && !isPublicAddress(host)) return 'The URL must point to a public address.';
    if (host === 'localhost' || host.endsWith('.localhost')) return 'The URL must point to a public address.';
  }
  return undefined;
}

/**
 * A `lookup` for http.request that refuses names resolving to non-public addresses, checked on the
 * address actually connected to (so a name cannot be re-pointed at an internal host after the check).
 */
export function guardedLookup(policy: UrlPolicy) {
  return lookupAllowing((address) => policy.allowPrivateNetwork || isPublicAddress(address));
}
