import type { ConsentPurpose } from '@vitalbase/core';
import { consentWordings } from '@vitalbase/core';
import type { Executor } from '../../db/client';
import { createConsentsRepo } from './consents.repo';

/**
 * The enforcement check: has this user consented to this purpose? Off by default (no row = no), and a
 * consent given to an older wording still counts: the wording version is recorded, not re-asked here
 * (a material change of wording is a new purpose decision for the product, not for this check).
 */
export async function hasConsent(db: Executor, userId: string, purpose: ConsentPurpose): Promise<boolean> {
  if (!consentWordings[purpose]) return false;
  const row = await createConsentsRepo(db).find(userId, purpose);
  return row?.granted === true;
}
