import type { Executor } from '../../db/client';
import { hotQuery } from '../../db/hot-sql';
import { Forbidden } from '../../lib/errors';

/**
 * Health data may be stored only for an active account: a minor waiting for a parent's consent, or an
 * account an operator disabled, cannot pair devices or store readings [terms 1.6].
 */
export async function assertMayStoreHealthData(db: Executor, userId: string): Promise<string> {
  // The account's zone comes with the same row: a write needs it (times without an offset, local
  // days), and this saves it a second read of the account (issue 17).
  return (await accountForHealthWrite(db, userId, [])).timeZone;
}

const forHealthWrite = new Map<string, { name: string; text: string }>();

/**
 * assertMayStoreHealthData's checks, in a hand-written statement that also answers `also`: boolean
 * SQL expressions on the user (`$1::uuid`), such as health-data's write listeners asking whether
 * they have anything to do for this user (issue 17: one read instead of one per listener).
 */
export async function accountForHealthWrite(
  db: Executor,
  userId: string,
  also: readonly string[],
): Promise<{ timeZone: string; also: boolean[] }> {
  const key = also.join('\n');
  let statement = forHealthWrite.get(key);
  if (!statement) {
    const extra = also.map((e, i) => `, (${e}) AS a${i}`).join('');
    statement = {
      name: `account-health-write-${forHealthWrite.size}`,
      text: `SELECT state, time_zone${extra} FROM users WHERE id = $1::uuid`,
    };
    forHealthWrite.set(key, statement);
  }
  const [row] = await hotQuery<Record<string, unknown>>(db, statement, [userId]);
  if (row?.state === 'pending_parental_consent') {
    throw new Forbidden(
      'A parent must consent before this account can store health data.',
      'parental_consent_pending',
    );
  }
  if (row?.state !== 'active')
    throw new Forbidden('This account cannot store health data.', 'account_inactive');
  return {
    timeZone: (row.time_zone as string | null) ?? 'UTC',
    also: also.map((_, i) => row[`a${i}`] === true),
  };
}
