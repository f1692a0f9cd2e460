/** How far a weigh-in may be from a member's recent weight and still be theirs: 4 kg, or 5 % if less. */
const ATTRIBUTION_TOLERANCE = { kg: 4, ratio: 0.05 } as const;
/** Two members this close (in distance to their recent weight) cannot be told apart. */
const AMBIGUITY_MARGIN_KG = 1;
/** A member's latest weight counts as "recent" for this long. */
export const RECENT_WEIGHT_DAYS = 90;

export interface MemberWeight {
  userId: string;
  /** The member's latest recent weight in kg; undefined when they have none. */
  latestKg: number | undefined;
}

export type Attribution = { userId: string } | { reason: 'ambiguous' | 'unmatched' };

/**
 * A shared scale's weigh-in goes to the member whose recent weight is closest, within the tolerance.
 * No one within it → 'unmatched'; two or more within it and no clear closest → 'ambiguous'. Both wait
 * in the household's inbox for a member to claim or discard: a wrong guess would put one person's
 * health data in another's account.
 */
export function attributeWeighIn(weightKg: number, members: readonly MemberWeight[]): Attribution {
  const within = members
    .filter((m): m is { userId: string; latestKg: number } => m.latestKg !== undefined)
    .map((m) => ({ userId: m.userId, distance: Math.abs(weightKg - m.latestKg), latestKg: m.latestKg }))
    .filter((m) => m.distance <= Math.min(ATTRIBUTION_TOLERANCE.kg, ATTRIBUTION_TOLERANCE.ratio * m.latestKg))
    .sort((a, b) => a.distance - b.distance);
  const [best, second] = within;
  if (!best) return { reason: 'unmatched' };
  if (second && second.distance - best.distance < AMBIGUITY_MARGIN_KG) return { reason: 'ambiguous' };
  return { userId: best.userId };
}
