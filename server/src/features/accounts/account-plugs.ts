import type { SignUpPolicies } from '@vitalbase/core';
import type { Db, DbTransaction, Executor } from '../../db/client';
import type { SessionFacts } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import type { UserRow } from './users.repo';

/**
 * What accounts asks of the features built on it. Second factor, tokens and consents build on
 * accounts' users and sessions, so accounts does not import them: it offers these slots, and the
 * composition root (features/index.ts) fills them once, at import.
 */
export interface AccountPlugs {
  /** Whether the user has a second factor on: sign-in stops at the second step (second-factor). */
  secondFactorEnabled(db: Db, userId: string): Promise<boolean>;
  /** Mails the parent their guardian link once they granted a child's account (consents). */
  sendGuardianLink(ctx: AppContext, child: UserRow, parentEmail: string): Promise<void>;
  /**
   * The policy versions a sign-up accepted (policies): `check` refuses versions no longer in force
   * (409), `record` stores the acceptance in the transaction that creates the account; `owed` answers
   * how to record, in the transaction creating an account the operator made, that the person has yet
   * to accept the versions in force (asked at their first sign-in).
   */
  signUpPolicies(ctx: Pick<AppContext, 'database' | 'now'>): {
    check(accepted: SignUpPolicies): Promise<void>;
    record(tx: DbTransaction, userId: string, accepted: SignUpPolicies): Promise<void>;
    owed(): Promise<(tx: Executor, userId: string) => Promise<void>>;
  };
  /**
   * The account's zone changed, in the transaction that saves it: health-data cuts its stored days
   * (daily totals, resting heart rate) again on the new local day.
   */
  timeZoneChanged(tx: Executor, userId: string, now: Date): Promise<void>;
}

const plugs: Partial<AccountPlugs> = {};

export function plugIntoAccounts(given: Partial<AccountPlugs>): void {
  Object.assign(plugs, given);
}

/** A slot left empty is a wiring mistake, refused loudly (never read as "no second factor"). */
export function accountPlug<K extends keyof AccountPlugs>(name: K): AccountPlugs[K] {
  const plug = plugs[name];
  if (!plug) throw new Error(`accounts: nothing is plugged into ${name} (see features/index.ts)`);
  return plug;
}

/**
 * Per-request facts of features above accounts (lib/auth.ts `SessionFacts`), each a SQL expression over
 * the session's user (`$1::uuid`) that the session lookup selects in its one statement, on the routes
 * where `wanted(method, route)` says the feature's hook will read it (elsewhere the plain lookup runs:
 * a static file or a sign-out pays no subquery). Plugged at import, before the first request: the
 * statement's text is fixed at its first use (a named statement).
 */
export interface SessionFact {
  expression: string;
  wanted(method: string, route: string | undefined): boolean;
}
const sessionFacts = new Map<keyof SessionFacts, SessionFact>();

export function plugSessionFact<K extends keyof SessionFacts>(name: K, fact: SessionFact): void {
  sessionFacts.set(name, fact);
}

export const pluggedSessionFacts = (): ReadonlyMap<keyof SessionFacts, SessionFact> => sessionFacts;
