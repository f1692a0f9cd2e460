import type { Patient } from '@medplum/fhirtypes';
import { BCP47 } from './systems';
import { fhirInstant } from './fhir-time';

/** What the mapper reads of a user (a `UserRow` fits). Identity only: no health data is in a Patient. */
export interface PatientInput {
  id: string;
  email: string;
  displayName: string;
  birthDate: string;
  country: string;
  locale: string;
  state: string;
  updatedAt: Date;
}

/** The user as a FHIR Patient: its id is the user id, the `patient` of every SMART token. */
export function patientResource(u: PatientInput): Patient {
  return {
    resourceType: 'Patient',
    id: u.id,
    meta: { lastUpdated: fhirInstant(u.updatedAt) },
    active: u.state === 'active',
    name: [{ use: 'usual', text: u.displayName }],
    telecom: [{ system: 'email', value: u.email, use: 'home' }],
    birthDate: u.birthDate,
    address: [{ country: u.country }],
    communication: [{ language: { coding: [{ system: BCP47, code: u.locale }] }, preferred: true }],
  };
}
