import { getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { tablesWithUserData } from '../../db/delete-user-data';
import { dataAccessLog } from '../access-log';
import { accountTokens, sessions } from '../accounts';
import { auditEvents } from '../audit';
import { consentHistory, consents, cookiePreferences } from '../consents';
import { deviceDiagnostics, devices } from '../devices';
import { householdMembers, householdMemberships, households, unattributedWeighIns } from '../devices';
import { erasureRequests } from '../erasure';
import { goals } from '../goals';
import { healthImports } from '../imports';
import { derivedTableForArchive, readingNotesTableForArchive } from '../health-data';
import { mailOutbox } from '../mail';
import { passkeys, recoveryCodes, secondFactorAttempts, totpCredentials } from '../second-factor';
import { personalAccessTokens } from '../tokens';
import { privacyExports } from './export.schema';

/** A section of data.json copied from one table, row by row (secret columns are always dropped). */
export interface TableSection {
  key: string;
  table: PgTable;
  /** What it is, in plain words (summary.html lists it). */
  about: string;
  /** Columns (JS names) left out, beyond the secret-looking ones: why is in the comment beside. */
  omit?: string[];
}

/** Sections built by their own code (readings with their measures, decoded series, sessions). */
export const HEALTH_SECTIONS = {
  readings: {
    tables: ['health_readings', 'health_measures'],
    about: 'measurements taken at an instant (a weigh-in, a blood pressure), each with its values',
  },
  series: {
    tables: ['health_series_days'],
    about: 'intraday series (heart rate, steps…), one entry per metric, UTC day and source, every point',
  },
  sessions: { tables: ['health_sessions'], about: 'nights of sleep with their stages, workouts' },
} as const;

export const TABLE_SECTIONS: TableSection[] = [
  { key: 'devices', table: devices, about: 'the devices paired with the account, past and present' },
  {
    key: 'derived',
    table: derivedTableForArchive,
    about: 'values the service computed from the measurements (BMI, daily totals, sleep summaries)',
  },
  {
    key: 'readingNotes',
    table: readingNotesTableForArchive,
    about: 'your own notes and tags on readings (readingId is the id of a reading above)',
  },
  // The checkpoint is where the job stopped reading the file: of no meaning once it has finished.
  {
    key: 'imports',
    table: healthImports,
    about: 'files you imported (Withings, Apple Health, FHIR, CSV): when, format, counts, undone or not',
    omit: ['resume'],
  },
  { key: 'goals', table: goals, about: 'the goals set (steps, sleep, weight)' },
  { key: 'consents', table: consents, about: 'the current choice for each consent purpose' },
  {
    key: 'consentHistory',
    table: consentHistory,
    about: 'every consent given or withdrawn, with the wording and policy version',
  },
  { key: 'cookiePreferences', table: cookiePreferences, about: 'the cookie choice' },
  { key: 'household', table: households, about: 'the household the account owns' },
  { key: 'householdMembers', table: householdMembers, about: 'people invited to that household' },
  {
    key: 'householdMemberships',
    table: householdMemberships,
    about: 'households the account was invited to',
  },
  {
    key: 'unattributedWeighIns',
    table: unattributedWeighIns,
    about: 'weigh-ins of a shared scale waiting to be given to a person',
  },
  {
    key: 'deviceDiagnostics',
    table: deviceDiagnostics,
    about: 'technical data sent by devices (logs, battery levels)',
  },
  {
    key: 'accessLog',
    table: dataAccessLog,
    about: 'every access to the data by anyone but the account holder: who, what, when, why',
  },
  {
    key: 'securityEvents',
    table: auditEvents,
    about: 'the audit trail: sign-ins, security changes, consents, requests — who, when, from where',
  },
  // The session id is a hash of the browser's cookie secret: not information about the user.
  { key: 'signInSessions', table: sessions, about: 'open sign-in sessions', omit: ['id'] },
  { key: 'personalAccessTokens', table: personalAccessTokens, about: 'API tokens created (names, scopes)' },
  // The authenticator secret and the last used step would let someone make codes: never exported.
  {
    key: 'secondFactor',
    table: totpCredentials,
    about: 'authenticator app enrolment',
    omit: ['lastUsedStep'],
  },
  { key: 'recoveryCodes', table: recoveryCodes, about: 'recovery codes: when made and used (not the codes)' },
  // Credential ids and public keys are authenticator key material, of no meaning to a person.
  {
    key: 'passkeys',
    table: passkeys,
    about: 'passkeys registered (names, dates)',
    omit: ['credentialId', 'publicKey'],
  },
  // Keyed by a hash of the session cookie: the count of failed codes is what is about the user.
  {
    key: 'secondFactorAttempts',
    table: secondFactorAttempts,
    about: 'failed second-factor codes',
    omit: ['sessionId'],
  },
  { key: 'emailLinks', table: accountTokens, about: 'links mailed (verification, reset): kind and dates' },
  // The text of a mail can carry a one-time link that still works: subject and kind are kept.
  { key: 'mailKept', table: mailOutbox, about: 'mail kept in the outbox for the account', omit: ['text'] },
  { key: 'erasureRequests', table: erasureRequests, about: 'account deletion requests' },
  { key: 'exports', table: privacyExports, about: 'the "Download my data" exports asked for' },
];

/** Tables with user data that data.json leaves out on purpose, each with why. */
export const NOT_EXPORTED: Record<string, string> = {
  webauthn_challenges: 'a one-time passkey challenge that lives for a few minutes',
  device_sync_requests:
    'the answers to device sync requests, kept a day so a retried request is not stored twice; what they stored is in readings, series and sessions',
};

/**
 * Every table with user data that no named section covers (a table a later feature adds, e.g.
 * partner connections): exported as it is under `otherData.<table>`, secret-looking columns dropped,
 * so "everything held" stays true without touching this file.
 */
export function otherTables(): Array<{ name: string; table: PgTable }> {
  const covered = new Set<string>([
    ...Object.values(HEALTH_SECTIONS).flatMap((s) => s.tables),
    ...TABLE_SECTIONS.map((s) => getTableName(s.table)),
    ...Object.keys(NOT_EXPORTED),
  ]);
  return tablesWithUserData()
    .filter((t) => !covered.has(t.name))
    .map(({ name, table }) => ({ name, table }));
}
