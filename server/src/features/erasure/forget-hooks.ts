import type { Config } from '../../config';
import type { Executor } from '../../db/client';

/** Forgets what one feature keeps of a user outside the database (files). */
export type ForgetUserFiles = (
  config: Pick<Config, 'exportsDir' | 'dataDir'>,
  userId: string,
) => Promise<void>;

const fileHooks: ForgetUserFiles[] = [];

/**
 * A feature that keeps a user's data outside the database plugs its forgetting in here, from the
 * composition root (features/index.ts): export its archives. So erasure imports none of the features
 * it erases for, and they may read erasure's tables (the export lists the user's erasure requests).
 */
export function onErasurePurge(hook: ForgetUserFiles): void {
  fileHooks.push(hook);
}

/** Run by the purge before the user's rows go: should one fail, the request stays due and is retried. */
export async function forgetUserFiles(
  config: Pick<Config, 'exportsDir' | 'dataDir'>,
  userId: string,
): Promise<void> {
  for (const hook of fileHooks) await hook(config, userId);
}

/** Forgets a user in one feature's rows that name them outside `user_id` (a staff member's id). */
export type ForgetUserRows = (tx: Executor, userId: string) => Promise<void>;

const rowHooks: ForgetUserRows[] = [];

/**
 * A feature above erasure in the wiring (it closes accounts through erasure, so erasure cannot import
 * it) plugs in here the forgetting of its columns that hold other people's ids: lifecycle and legal
 * (who suspended, lifted, recorded). Run inside the purge's transaction.
 */
export function onErasureForgetRows(hook: ForgetUserRows): void {
  rowHooks.push(hook);
}

export async function forgetUserRows(tx: Executor, userId: string): Promise<void> {
  for (const hook of rowHooks) await hook(tx, userId);
}
