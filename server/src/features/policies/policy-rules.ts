import {
  comparePolicyVersions,
  MAJOR_CHANGE_NOTICE_DAYS,
  type PolicyDocument,
  type PolicyPublishInput,
} from '@vitalbase/core';
import { Conflict, Invalid } from '../../lib/errors';

/** The rules of policy versions, over the catalog's rows: no I/O, so each is unit-tested alone. */

export interface VersionFacts {
  document: PolicyDocument;
  version: string;
  effectiveAt: Date;
  major: boolean;
}

const DAY_MS = 24 * 3600 * 1000;

/** 00:00 UTC of a YYYY-MM-DD date. */
export const startOfUtcDay = (isoDate: string) => new Date(`${isoDate}T00:00:00.000Z`);
export const utcDate = (d: Date) => d.toISOString().slice(0, 10);

/** One document's versions in the order they take effect. */
export function versionsOf<T extends VersionFacts>(all: readonly T[], document: PolicyDocument): T[] {
  return all
    .filter((v) => v.document === document)
    .sort(
      (a, b) =>
        a.effectiveAt.getTime() - b.effectiveAt.getTime() || comparePolicyVersions(a.version, b.version),
    );
}

/** The version in force at `now`: the last one whose effective date has come. */
export function inForce<T extends VersionFacts>(
  all: readonly T[],
  document: PolicyDocument,
  now: Date,
): T | undefined {
  return versionsOf(all, document)
    .filter((v) => v.effectiveAt <= now)
    .at(-1);
}

/** Published versions that take effect later. */
export function upcoming<T extends VersionFacts>(
  all: readonly T[],
  document: PolicyDocument,
  now: Date,
): T[] {
  return versionsOf(all, document).filter((v) => v.effectiveAt > now);
}

/**
 * The major version a user must have accepted before going on, if any: the latest major version in
 * force. The user's own records settle it — an acceptance of that version or of a later one of the same
 * document (sign-up records the versions in force, so an account made under it owes nothing). An
 * account with no record of it owes it, whenever it was made.
 */
export function pendingAcceptance<T extends VersionFacts>(
  all: readonly T[],
  document: PolicyDocument,
  now: Date,
  records: readonly { document: string; version: string; method?: string }[],
): T | undefined {
  const versions = versionsOf(all, document);
  const accepted = records.filter((a) => a.document === document && a.method !== OWED);
  const settledFrom = (from: VersionFacts) => {
    const settles = new Set(versions.filter((v) => v.effectiveAt >= from.effectiveAt).map((v) => v.version));
    return accepted.some((a) => settles.has(a.version));
  };
  const required = versions.filter((v) => v.major && v.effectiveAt <= now).at(-1);
  if (required && !settledFrom(required)) return required;
  // An account the operator made for the person owes the version it was made under (an `owed` record),
  // minor or major: the person accepts what is in force at their first sign-in.
  const owed = records.find((a) => a.document === document && a.method === OWED);
  const owedVersion = owed && versions.find((v) => owedRecordVersion(v.version) === owed.version);
  if (owedVersion && !settledFrom(owedVersion)) return inForce(all, document, now) ?? (owedVersion as T);
  return undefined;
}

/**
 * The method of a record that is not an acceptance: the operator created the account
 * (`vitalbase user create`) on the person's behalf, under these versions, which they have yet to accept.
 * Acceptances are append-only (a row is never updated), so the owed record names its version
 * `owed:<version>` and the acceptance that settles it is a row of its own.
 */
export const OWED = 'owed';
export const owedRecordVersion = (version: string) => `${OWED}:${version}`;

/** A version the user may accept: the one in force or one announced for later, not a superseded one. */
export function mayAccept(all: readonly VersionFacts[], target: VersionFacts, now: Date): boolean {
  const current = inForce(all, target.document, now);
  return !current || target.effectiveAt >= current.effectiveAt;
}

/**
 * Checks a new version against the catalog: it comes after every existing version (number and date),
 * takes effect today or later, and a major one is published at least 30 days before it takes effect.
 */
export function checkPublishable(
  all: readonly VersionFacts[],
  input: Pick<PolicyPublishInput, 'document' | 'version' | 'effectiveDate' | 'major'>,
  now: Date,
): void {
  const effectiveAt = startOfUtcDay(input.effectiveDate);
  const existing = versionsOf(all, input.document);
  if (existing.some((v) => v.version === input.version)) {
    throw new Conflict(`Version ${input.version} of the ${input.document} document exists already.`);
  }
  const newest = [...existing].sort((a, b) => comparePolicyVersions(a.version, b.version)).at(-1);
  if (newest && comparePolicyVersions(input.version, newest.version) <= 0) {
    throw new Conflict(`The version must come after ${newest.version}, the latest one.`);
  }
  const last = existing.at(-1);
  if (last && effectiveAt <= last.effectiveAt) {
    throw new Conflict(
      `The effective date must come after ${utcDate(last.effectiveAt)}, when version ${last.version} takes effect.`,
    );
  }
  if (input.effectiveDate < utcDate(now))
    throw new Invalid('effectiveDate: a version cannot take effect in the past.');
  if (input.major && effectiveAt.getTime() - now.getTime() < MAJOR_CHANGE_NOTICE_DAYS * DAY_MS) {
    throw new Invalid(
      `A major change must be published at least ${MAJOR_CHANGE_NOTICE_DAYS} days before it takes effect: the earliest effective date is ${earliestMajorEffectiveDate(now)}.`,
      { earliestEffectiveDate: earliestMajorEffectiveDate(now) },
    );
  }
}

/** The first date whose 00:00 UTC is at least 30 days after `now`. */
export function earliestMajorEffectiveDate(now: Date): string {
  const earliest = new Date(now.getTime() + MAJOR_CHANGE_NOTICE_DAYS * DAY_MS);
  const day = utcDate(earliest);
  return startOfUtcDay(day) >= earliest ? day : utcDate(new Date(startOfUtcDay(day).getTime() + DAY_MS));
}
