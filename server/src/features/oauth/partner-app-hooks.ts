import type { Executor } from '../../db/client';

/** Runs in the transaction that deletes a partner app, before its row goes. */
type AppRemovalHook = (tx: Executor, clientId: string) => Promise<void>;
/** Runs in the transaction of a user's disconnect, while the connection still stands. */
type DisconnectHook = (tx: Executor, userId: string, clientId: string, at: Date) => Promise<void>;

const appRemoval: AppRemovalHook[] = [];
const disconnect: DisconnectHook[] = [];

/*
 * Features built on partner apps (webhooks: endpoints, notify subscriptions, the app's last notice)
 * react to an app's removal and a user's disconnect by plugging in here, from the composition root
 * (features/index.ts), so oauth imports none of them.
 */
export function onPartnerAppRemoval(hook: AppRemovalHook): void {
  appRemoval.push(hook);
}

export function onPartnerDisconnect(hook: DisconnectHook): void {
  disconnect.push(hook);
}

export async function runAppRemovalHooks(tx: Executor, clientId: string): Promise<void> {
  for (const hook of appRemoval) await hook(tx, clientId);
}

export async function runDisconnectHooks(tx: Executor, userId: string, clientId: string, at: Date) {
  for (const hook of disconnect) await hook(tx, userId, clientId, at);
}
