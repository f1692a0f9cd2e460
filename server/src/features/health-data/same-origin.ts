import { and, eq, isNull, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { notDeleted } from './reader/tombstones';

/**
 * "Stored already from the same origin", for duplicate checks: the same source device — whose deleted
 * rows count too, so a device's resend never revives what the user deleted — or, without a device, the
 * same source among rows not deleted (a deleted manual entry may be entered again).
 */
export function sameOrigin(
  table: { deviceId: PgColumn; source: PgColumn; deletedAt: PgColumn },
  q: { source: string; deviceId: string | null },
): SQL | undefined {
  return q.deviceId
    ? eq(table.deviceId, q.deviceId)
    : and(isNull(table.deviceId), eq(table.source, q.source), notDeleted(table));
}
