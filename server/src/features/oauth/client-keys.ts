import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';

/**
 * Keys of a client registered by `jwks_uri` (a clinic's EHR, SMART Backend Services): oidc-provider
 * fetches them itself (through our guarded agent, jwks-url.ts) and keeps them on the Client instance,
 * which it caches per metadata. Its own policy, on the wall clock: fetch when a signature fails and
 * the last fetch is older than max(60 s, Cache-Control max-age, Expires), unbounded; keys that still
 * verify are never fetched again. SMART asks more, so the keystore's two hooks (`fresh`, `refresh`)
 * are governed here, on the app's clock:
 * - keys are kept at most their max-age, bounded to [MIN, MAX]: past it they are fetched again
 *   before use, and dropped if the fetch fails (a key the clinic withdrew stops working);
 * - an unknown `kid` (rotation) fetches again at once, but at most once per MIN per client, so a
 *   stranger sending made-up kids cannot make us hammer the clinic's server;
 * - a failed fetch is remembered, so the token endpoint's `invalid_client` can say why.
 */
const MIN_LIFETIME_MS = 60_000;
const MAX_LIFETIME_MS = 24 * 60 * 60_000;

interface KeyStore {
  fresh(): boolean;
  refresh(): Promise<void>;
  clear(): void;
  freshUntil?: number;
}

interface KeyState {
  attemptedAt: number;
  expiresAt: number;
  fetching: boolean;
  failed: boolean;
}

const states = new WeakMap<object, KeyState>();

/** Cache-Control max-age (or Expires) as oidc-provider read it, bounded to our range. */
function lifetimeOf(store: KeyStore): number {
  const wall = (store.freshUntil ?? 0) * 1000 - Date.now();
  return Math.min(MAX_LIFETIME_MS, Math.max(MIN_LIFETIME_MS, wall));
}

function govern(store: KeyStore, now: () => number): KeyState {
  const known = states.get(store);
  if (known) return known;
  const state: KeyState = {
    attemptedAt: Number.NEGATIVE_INFINITY,
    expiresAt: 0,
    fetching: false,
    failed: false,
  };
  states.set(store, state);
  const mayFetch = () => state.fetching || now() - state.attemptedAt >= MIN_LIFETIME_MS;
  const libraryRefresh = store.refresh.bind(store);
  // Own properties shadow the prototype's: oidc-provider calls both through the instance.
  store.fresh = () => !mayFetch();
  store.refresh = async () => {
    if (!mayFetch()) return;
    state.fetching = true;
    try {
      await libraryRefresh();
      state.failed = false;
      state.expiresAt = now() + lifetimeOf(store);
    } catch (err) {
      state.failed = true;
      if (now() >= state.expiresAt) store.clear();
      throw err;
    } finally {
      state.fetching = false;
      state.attemptedAt = now();
    }
  };
  return state;
}

/**
 * Wraps `provider.Client.find` (how oidc-provider gets every client, token endpoint included): a
 * `jwks_uri` client's keys are governed, and fetched again first when their lifetime is over.
 */
export function governJwksUriClients(provider: Provider, now: () => Date) {
  const find = provider.Client.find.bind(provider.Client);
  const clock = () => now().getTime();
  provider.Client.find = async (id: string) => {
    const client = await find(id);
    if (!client?.jwksUri) return client;
    const store = client.asymmetricKeyStore as unknown as KeyStore;
    const state = govern(store, clock);
    const fetchedBefore = state.attemptedAt > Number.NEGATIVE_INFINITY;
    if (fetchedBefore && clock() >= state.expiresAt) await store.refresh().catch(() => undefined);
    return client;
  };
}

/** Whether the last fetch of this client's key set failed (the token endpoint then says so). */
export function keySetUnavailable(client: { jwksUri?: string; asymmetricKeyStore?: unknown }): boolean {
  if (!client.jwksUri || !client.asymmetricKeyStore) return false;
  return states.get(client.asymmetricKeyStore as object)?.failed === true;
}

/**
 * SMART: a `jku` in the assertion's header must be the JWKS URL registered for the client (a client
 * registered with a pasted key set has none); we never fetch keys from a URL the request names.
 */
export async function assertRegisteredJku(
  _kctx: unknown,
  _claims: unknown,
  header: { jku?: unknown },
  client: { jwksUri?: string },
) {
  if (header.jku !== undefined && header.jku !== client.jwksUri) {
    throw new errors.InvalidClientAuth('the jku header is not the JWK Set URL registered for this client');
  }
}
