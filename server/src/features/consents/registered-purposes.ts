import type { ConsentWording } from '@vitalbase/core';
import type { Executor } from '../../db/client';
import { Conflict } from '../../lib/errors';
import { createConsentsRepo } from './consents.repo';
import type { ConsentMethod } from './consents.service';

/**
 * Consents another feature owns (remote monitoring by a clinic, issue #15): the feature registers its
 * purpose and wording here, from the composition root, and records its users' choices through
 * `recordRegisteredConsent`, in the same `consents` and `consent_history` tables as the privacy
 * center's purposes. A purpose may be qualified (`remote_monitoring:<clinic id>`): one record per
 * clinic, checked against the wording registered for its base name.
 */
const registered = new Map<string, ConsentWording>();

export function registerConsentPurpose(purpose: string, wording: ConsentWording): void {
  registered.set(purpose, wording);
}

export interface RegisteredConsentChange {
  userId: string;
  /** `<registered purpose>` or `<registered purpose>:<qualifier>`. */
  purpose: string;
  granted: boolean;
  /** The wording version the user read (only checked when giving). */
  wordingVersion: number;
  /** The privacy policy version in force (consents' `policyVersion()`). */
  policyVersion: string;
  method: ConsentMethod;
  /** What was agreed beyond the wording (the clinic, its terms version, the categories). */
  form?: Record<string, unknown>;
  now: Date;
}

/** Records a choice on a registered purpose, in the caller's transaction (the same as its own rows). */
export async function recordRegisteredConsent(tx: Executor, change: RegisteredConsentChange): Promise<void> {
  const wording = registered.get(change.purpose.split(':')[0] ?? '');
  if (!wording) throw new Error(`consents: purpose ${change.purpose.split(':')[0]} is not registered`);
  if (change.granted && change.wordingVersion !== wording.version) {
    throw new Conflict('The wording of this consent has changed: reload and read it again.', 'conflict', {
      wordingVersion: wording.version,
    });
  }
  const repo = createConsentsRepo(tx);
  const row = {
    userId: change.userId,
    purpose: change.purpose,
    granted: change.granted,
    wordingVersion: change.wordingVersion,
    policyVersion: change.policyVersion,
  };
  await repo.upsert({ ...row, updatedAt: change.now }, tx);
  await repo.appendHistory({ ...row, at: change.now, method: change.method, form: change.form ?? null }, tx);
}
