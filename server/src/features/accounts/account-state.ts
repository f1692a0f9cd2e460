import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { Forbidden } from '../../lib/errors';
import { users } from './accounts.schema';

/**
 * Health data may be stored only for an active account: a minor waiting for a parent's consent, or an
 * account an operator disabled, cannot pair devices or store readings [terms 1.6].
 */
export async function assertMayStoreHealthData(db: Executor, userId: string): Promise<string> {
  const [row] = await db
    .select({ state: users.state, timeZone: users.timeZone })
    .from(users)
    .where(eq(users.id, userId));
  if (row?.state === 'pending_parental_consent') {
    throw new Forbidden(
      'A parent must consent before this account can store health data.',
      'parental_consent_pending',
    );
  }
  if (row?.state !== 'active')
    throw new Forbidden('This account cannot store health data.', 'account_inactive');
  // The account's zone comes with the same row: a write needs it (times without an offset, local
  // days), and this saves it a second read of the account (issue 17).
  return row.timeZone ?? 'UTC';
}
