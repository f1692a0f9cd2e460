import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { legalDisclosures } from './legal.schema';

const FORMER_STAFF = '00000000-0000-0000-0000-000000000000';

/** Erasure of a privacy officer: the disclosures they recorded stay in the register, without their id. */
export async function forgetStaffInLegal(tx: Executor, userId: string): Promise<void> {
  await tx
    .update(legalDisclosures)
    .set({ recordedBy: FORMER_STAFF })
    .where(eq(legalDisclosures.recordedBy, userId));
}
