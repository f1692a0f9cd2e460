import {
  type ItemResult,
  itemIdentity,
  type NormalizedItem,
  type ValidationContext,
  validateHealthItem,
} from '@vitalbase/core';

/** Location data needs the geolocation consent (P13): the item is refused, the rest of the batch stored. */
const GEOLOCATION_REFUSED = {
  path: 'route',
  code: 'geolocation_consent_required',
  message: 'Location data is stored only with your consent to geolocation (privacy center).',
};

export interface BatchEntry {
  /** The item's place in the caller's batch, reported in its outcome. */
  index: number;
  raw: unknown;
}

/**
 * A batch's items validated one by one and de-duplicated within the batch, in order (the ingest's and
 * an import batch's one rule): an invalid item is rejected with its errors; an item with the identity
 * of an earlier valid one is rejected as `duplicate_in_batch`; a session with a route is rejected
 * without the geolocation consent (asked once, only when such a session comes). Returns the valid
 * items in batch order and the rejected outcomes.
 */
export async function validateBatch(
  entries: Iterable<BatchEntry>,
  rules: ValidationContext,
  mayStoreLocation: () => Promise<boolean>,
): Promise<{ valid: Array<{ index: number; item: NormalizedItem }>; rejected: ItemResult[] }> {
  const seen = new Map<string, number>();
  const valid: Array<{ index: number; item: NormalizedItem }> = [];
  const rejected: ItemResult[] = [];
  let locationConsent: boolean | undefined;
  for (const { index, raw } of entries) {
    const v = validateHealthItem(raw, rules);
    if (!v.ok) {
      rejected.push({ index, status: 'rejected', errors: v.errors });
      continue;
    }
    const identity = itemIdentity(v.item);
    const first = seen.get(identity);
    if (first !== undefined) {
      rejected.push({
        index,
        status: 'rejected',
        errors: [
          {
            path: '',
            code: 'duplicate_in_batch',
            message: `The same measurement as item ${first} of this batch.`,
          },
        ],
      });
      continue;
    }
    const item = v.item;
    if (item.kind === 'session' && item.route.length > 0) {
      locationConsent ??= await mayStoreLocation();
      if (!locationConsent) {
        rejected.push({ index, status: 'rejected', errors: [GEOLOCATION_REFUSED] });
        continue;
      }
    }
    seen.set(identity, index);
    valid.push({ index, item });
  }
  return { valid, rejected };
}
