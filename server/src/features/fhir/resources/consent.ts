import type { Consent } from '@medplum/fhirtypes';
import { consentPurposes, consentWordings, type ConsentPurpose } from '@vitalbase/core';
import { patientReference } from './observation';
import {
  ACT_CODE,
  CONSENT_SCOPE,
  LOINC,
  VITALBASE_CONSENT_PURPOSE_SYSTEM,
  VITALBASE_PRIVACY_POLICY,
} from './systems';
import { fhirInstant } from './fhir-time';

/** What the mapper reads of a consent choice (a `ConsentRow` fits). */
export interface ConsentInput {
  userId: string;
  purpose: string;
  granted: boolean;
  wordingVersion: number;
  policyVersion: string;
  updatedAt: Date;
}

function consentId(userId: string, purpose: string): string {
  return `${userId}-${purpose.replace(/_/g, '-')}`;
}

/**
 * One of the user's consent choices (P12, P13) as a FHIR Consent: the record stays `active` and says
 * what the user chose now, permit (opt-in) or deny (withdrawn); the wording version they saw is kept
 * in the purpose coding's version.
 */
export function consentResource(c: ConsentInput): Consent {
  const known = (consentPurposes as readonly string[]).includes(c.purpose);
  const title = known ? consentWordings[c.purpose as ConsentPurpose].title : c.purpose;
  return {
    resourceType: 'Consent',
    id: consentId(c.userId, c.purpose),
    meta: { lastUpdated: fhirInstant(c.updatedAt) },
    status: 'active',
    scope: {
      coding: [
        c.purpose === 'research'
          ? { system: CONSENT_SCOPE, code: 'research', display: 'Research' }
          : { system: CONSENT_SCOPE, code: 'patient-privacy', display: 'Privacy Consent' },
      ],
    },
    category: [{ coding: [{ system: LOINC, code: '59284-0', display: 'Patient Consent' }] }],
    patient: patientReference(c.userId),
    dateTime: fhirInstant(c.updatedAt),
    policy: [{ uri: `${VITALBASE_PRIVACY_POLICY}/${encodeURIComponent(c.policyVersion)}` }],
    policyRule: {
      coding: [
        { system: ACT_CODE, code: c.granted ? 'OPTIN' : 'OPTOUT', display: c.granted ? 'opt-in' : 'opt-out' },
      ],
    },
    provision: {
      type: c.granted ? 'permit' : 'deny',
      purpose: [
        {
          system: VITALBASE_CONSENT_PURPOSE_SYSTEM,
          code: c.purpose,
          version: String(c.wordingVersion),
          display: title,
        },
      ],
    },
  };
}
