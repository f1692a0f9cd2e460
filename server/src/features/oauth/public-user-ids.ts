import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { partnerUserIds, usedPartnerUserIds } from './oauth.schema';

/** 8 or 9 digits: an int4 Withings clients parse as an integer, far from any count of users. */
const MIN_PUBLIC_ID = 10_000_000;
const MAX_PUBLIC_ID = 999_999_999;
const ATTEMPTS = 20;

async function find(db: Executor, userId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ publicId: partnerUserIds.publicId })
    .from(partnerUserIds)
    .where(eq(partnerUserIds.userId, userId));
  return row?.publicId;
}

/**
 * The user's public integer id on the Withings-style surface (token answers, notify callbacks), given
 * on first need and stable after. A random number is drawn and claimed in used_partner_user_ids (its
 * primary key refuses one ever given, erased accounts' included): a collision draws again.
 */
export async function publicUserId(db: Executor, userId: string): Promise<number> {
  const known = await find(db, userId);
  if (known !== undefined) return known;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const candidate = randomInt(MIN_PUBLIC_ID, MAX_PUBLIC_ID + 1);
    const claimed = await db
      .insert(usedPartnerUserIds)
      .values({ publicId: candidate })
      .onConflictDoNothing()
      .returning({ publicId: usedPartnerUserIds.publicId });
    if (!claimed.length) continue;
    const mapped = await db
      .insert(partnerUserIds)
      .values({ userId, publicId: candidate })
      .onConflictDoNothing({ target: partnerUserIds.userId })
      .returning({ publicId: partnerUserIds.publicId });
    if (mapped[0]) return mapped[0].publicId;
    // Another request gave this user an id meanwhile: that one holds (the number drawn stays unused).
    const raced = await find(db, userId);
    if (raced !== undefined) return raced;
  }
  throw new Error('no free public user id after several draws');
}
