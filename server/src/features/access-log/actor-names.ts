import type { Executor } from '../../db/client';
import type { AccessActorType } from './access-user-data';

/**
 * Who a staff read was by, resolved when the user reads the log, not when it was written (issue #16):
 * a staff member's row keeps only their account id and their role, so erasing their account leaves
 * no name behind in users' logs (rows are append-only and are never rewritten), and the log shows
 * "Support staff (account closed)" from then on. The operator feature plugs in the lookup of
 * accounts (features/index.ts), so this feature depends on no one.
 */
export type StaffNameLookup = (db: Executor, userIds: readonly string[]) => Promise<Map<string, string>>;

const STAFF_TYPES: Partial<Record<AccessActorType, { role: string; closed: string }>> = {
  support: { role: 'Vitalbase support', closed: 'Support staff (account closed)' },
  operator: { role: 'Vitalbase operator', closed: 'Operator staff (account closed)' },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let lookup: StaffNameLookup | undefined;

export function plugStaffNameLookup(fn: StaffNameLookup): void {
  lookup = fn;
}

/** What a staff actor's row stores: the role, never the person's name (resolved at read). */
export function staffActorLabel(type: 'support' | 'operator'): string {
  return STAFF_TYPES[type]?.role ?? type;
}

interface ActorRow {
  actorType: AccessActorType;
  actorId: string;
  actorName: string;
}
export interface ResolvedActor {
  type: AccessActorType;
  id: string;
  name: string;
  /** A staff member whose account was erased since: shown by their role only. */
  accountClosed?: boolean;
}

/** The actors of a page of the log, staff names looked up once for the page. */
export async function resolveActors(db: Executor, rows: readonly ActorRow[]): Promise<ResolvedActor[]> {
  const isStaff = (r: ActorRow) => STAFF_TYPES[r.actorType] !== undefined && UUID.test(r.actorId);
  const ids = [...new Set(rows.filter(isStaff).map((r) => r.actorId))];
  const names = lookup && ids.length > 0 ? await lookup(db, ids) : undefined;
  return rows.map((r) => {
    const base = { type: r.actorType, id: r.actorId };
    const labels = STAFF_TYPES[r.actorType];
    if (!names || !labels || !isStaff(r)) return { ...base, name: r.actorName };
    const name = names.get(r.actorId);
    if (name === undefined) return { ...base, name: labels.closed, accountClosed: true };
    return { ...base, name: `${labels.role} — ${name}`.slice(0, 200) };
  });
}
