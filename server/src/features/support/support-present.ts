import type {
  SupportGrant,
  SupportGrantStatus,
  SupportMessage,
  SupportRequest,
  SupportRequestSummary,
} from '@vitalbase/core';
import type { SupportGrantRow, SupportMessageRow, SupportRequestRow } from './support.repo';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Where a grant stands at `now` (P11). Decided at each read from the stored instants and the request's
 * state, so access ends by itself at closure, expiry or revocation: no job has to run for it to end.
 */
export function grantStatus(
  grant: SupportGrantRow,
  request: Pick<SupportRequestRow, 'state'>,
  now: Date,
): SupportGrantStatus {
  if (grant.declinedAt) return 'declined';
  if (!grant.grantedAt) return request.state === 'open' ? 'asked' : 'ended';
  if (grant.revokedAt) return 'revoked';
  if (request.state !== 'open') return 'ended';
  if (!grant.expiresAt || grant.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** The categories and devices the request's active grants open at `now`. */
export function openedBy(grants: readonly SupportGrantRow[], request: SupportRequestRow, now: Date) {
  const active = grants.filter((g) => grantStatus(g, request, now) === 'active');
  return {
    categories: new Set(active.flatMap((g) => g.categories)),
    deviceIds: new Set(active.flatMap((g) => g.deviceIds)),
  };
}

export function presentSummary(row: SupportRequestRow): SupportRequestSummary {
  return {
    id: row.id,
    topic: row.topic as SupportRequestSummary['topic'],
    deviceId: row.deviceId,
    state: row.state,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: iso(row.closedAt),
    closedBy: row.closedBy,
  };
}

function presentGrant(grant: SupportGrantRow, request: SupportRequestRow, now: Date): SupportGrant {
  return {
    id: grant.id,
    status: grantStatus(grant, request, now),
    askedCategories: grant.askedCategories,
    askedReason: grant.askedReason,
    askedAt: grant.askedAt.toISOString(),
    categories: grant.categories,
    deviceIds: grant.deviceIds,
    grantedAt: iso(grant.grantedAt),
    expiresAt: iso(grant.expiresAt),
    revokedAt: iso(grant.revokedAt),
    declinedAt: iso(grant.declinedAt),
  };
}

const presentMessage = (m: SupportMessageRow): SupportMessage => ({
  id: m.id,
  author: m.author,
  body: m.body,
  createdAt: m.createdAt.toISOString(),
});

export function presentRequest(
  row: SupportRequestRow,
  messages: readonly SupportMessageRow[],
  grants: readonly SupportGrantRow[],
  now: Date,
): SupportRequest {
  return {
    ...presentSummary(row),
    messages: messages.map(presentMessage),
    grants: grants.map((g) => presentGrant(g, row, now)),
  };
}
