import { createHmac } from 'node:crypto';

const FACTORY_KEY_PREFIX = 'vbf_';

/**
 * The operator's key for the factory registry (registering manufactured units), derived from the
 * instance's cookie secret so it needs no setting of its own: whoever runs the instance (or reads its
 * data dir) can compute it — `vitalbase simulate` does — and nobody else. Rotating COOKIE_SECRET
 * rotates it too.
 */
export function factoryKey(cookieSecret: string): string {
  return `${FACTORY_KEY_PREFIX}${createHmac('sha256', cookieSecret).update('vitalbase-factory-registry').digest('base64url')}`;
}
