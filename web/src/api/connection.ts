import { useSyncExternalStore } from 'react';

/**
 * Whether the server answers. Any API call that cannot reach it (a network failure, or a proxy's
 * 502/503/504 while the server restarts) marks it unreachable; from then on /healthz is probed with a
 * growing delay (1 s, 2 s, 4 s … at most 30 s; at once when the browser says it is online again),
 * and the first answer marks it reachable, which refetches what failed (app/query-client.ts).
 */
type State = 'reachable' | 'unreachable';

let state: State = 'reachable';
let attempt = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function set(next: State) {
  if (state === next) return;
  state = next;
  for (const l of listeners) l();
}

/** Statuses a proxy answers while the server behind it is down or restarting. */
export const isGatewayStatus = (status: number) => status === 502 || status === 503 || status === 504;

export function reportUnreachable() {
  if (state === 'unreachable') return;
  attempt = 0;
  set('unreachable');
  schedule();
}

export function reportReachable() {
  clearTimeout(timer);
  timer = undefined;
  set('reachable');
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(() => void probe(), Math.min(30_000, 1000 * 2 ** attempt));
  attempt += 1;
}

/** Asks the server once whether it is back (the banner's "Try now" calls it too). */
export async function probe(): Promise<void> {
  try {
    const res = await fetch('/healthz', { cache: 'no-store' });
    if (res.ok) return reportReachable();
  } catch {
    // still unreachable
  }
  if (state === 'unreachable') schedule();
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    if (state === 'unreachable') void probe();
  });
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Calls `listener` each time the server becomes reachable again. */
export function onReconnect(listener: () => void): () => void {
  let last = state;
  return subscribe(() => {
    if (last === 'unreachable' && state === 'reachable') listener();
    last = state;
  });
}

export function useServerReachable(): boolean {
  return useSyncExternalStore(subscribe, () => state === 'reachable');
}
