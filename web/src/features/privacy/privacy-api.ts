import type { ConsentPurpose } from '@vitalbase/core/consents';

/** What the privacy routes answer (server/src/features/consents, access-log). */
export interface ConsentState {
  purpose: ConsentPurpose;
  granted: boolean;
  wordingVersion: number;
  chosenWordingVersion: number | null;
  changedAt: string | null;
}

export interface ConsentHistoryEntry {
  id: string;
  at: string;
  purpose: ConsentPurpose;
  granted: boolean;
  wordingVersion: number;
  policyVersion: string;
  method: string;
}

export interface AccessLogEntry {
  id: string;
  at: string;
  actor: { type: string; id: string; name: string };
  purpose: string;
  what: string[];
  legalBasis: string | null;
}

export interface PrivacyInfo {
  dataRegion: string;
  policyVersion: string;
  operatorContact: string | null;
}
