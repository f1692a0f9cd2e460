import { z } from 'zod';
import { adherenceSchema } from './clinic-adherence';
import { sharingPeriodSchema } from './clinic-care';
import { alertSeverities } from './clinic-monitoring';
import { getMetric } from './health-data/catalog';

/**
 * Remote patient monitoring (issue #15): clinics, their staff and the patients who share data with
 * them. The rules the server enforces and the web shows are here once.
 */

/** Staff roles and what each opens (issue #15 §Organisation and staff). */
export const clinicRoles = ['clinic_admin', 'clinician', 'care_coordinator'] as const;
export type ClinicRole = (typeof clinicRoles)[number];
export const clinicRoleSchema = z.enum(clinicRoles);

export const clinicPermissions = [
  'settings',
  'staff',
  'devices',
  'patients',
  'alerts',
  'notes',
  'thresholds',
  'time_log',
] as const;
export type ClinicPermission = (typeof clinicPermissions)[number];

export const rolePermissions: Record<ClinicRole, readonly ClinicPermission[]> = {
  clinic_admin: ['settings', 'staff', 'devices', 'patients', 'alerts', 'notes', 'thresholds', 'time_log'],
  clinician: ['patients', 'alerts', 'notes', 'thresholds', 'time_log'],
  care_coordinator: ['patients', 'alerts', 'time_log'],
};

export function roleMay(role: ClinicRole, permission: ClinicPermission): boolean {
  return rolePermissions[role].includes(permission);
}

/**
 * The data categories a patient may share with a clinic, each a set of catalog metrics. A clinic never
 * reads a metric outside the categories the patient picked.
 */
export const clinicDataCategories = {
  blood_pressure: ['systolic_bp', 'diastolic_bp', 'heart_rate'],
  weight: ['weight', 'bmi'],
  body_composition: ['fat_ratio', 'fat_mass', 'muscle_mass', 'hydration', 'bone_mass'],
  oxygen_saturation: ['spo2'],
  temperature: ['body_temperature'],
  heart_rate: ['heart_rate', 'resting_heart_rate'],
  activity: ['steps'],
  sleep: ['sleep'],
} as const satisfies Record<string, readonly string[]>;
export type ClinicDataCategory = keyof typeof clinicDataCategories;
export const clinicDataCategoryIds = Object.keys(clinicDataCategories) as ClinicDataCategory[];
export const clinicDataCategorySchema = z.enum(
  clinicDataCategoryIds as [ClinicDataCategory, ...ClinicDataCategory[]],
);

/** The catalog metrics a set of shared categories opens. */
export function metricsOfCategories(categories: readonly string[]): string[] {
  const out = new Set<string>();
  for (const c of categories) {
    for (const m of (clinicDataCategories as Record<string, readonly string[]>)[c] ?? []) out.add(m);
  }
  return [...out].filter((m) => getMetric(m));
}

/** The programme's default: blood pressure and weight (hypertension and heart failure follow-up). */
export const defaultProgrammeCategories: ClinicDataCategory[] = ['blood_pressure', 'weight'];

/**
 * The wording of the patient's express consent to remote monitoring, versioned like the other
 * consents (core/src/consents.ts): the clinic's own programme terms are shown above it.
 */
export const remoteMonitoringWording = {
  version: 1,
  title: 'Remote monitoring by a care team',
  text: 'I agree that the care team of this clinic may read the health data of the categories I pick, for the remote monitoring of my health, until I stop sharing. Stopping takes effect at once; what the clinic has already written in its own records stays there.',
} as const;

const categoryList = z.array(clinicDataCategorySchema).min(1).max(clinicDataCategoryIds.length);
const clinicName = z.string().trim().min(2).max(120);
const programmeTerms = z.string().trim().min(10).max(10_000);
const email = z.email().max(254);

// Requests

export const clinicSettingsBody = z
  .strictObject({
    name: clinicName,
    programmeTerms,
    defaultCategories: categoryList,
    /** Minutes an urgent alert may stay unacknowledged before it escalates (mail, webhook). */
    escalationMinutes: z.number().int().min(1).max(1440),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'Change at least one setting.' });
export const staffInvitationBody = z.strictObject({ email, role: clinicRoleSchema });
export const patientInvitationBody = z.strictObject({ email: email.optional() });
export const enrolmentAcceptBody = z.strictObject({
  categories: categoryList,
  termsVersion: z.number().int().min(1).max(1_000_000),
  wordingVersion: z.number().int().min(1).max(1000),
});
export type EnrolmentAccept = z.infer<typeof enrolmentAcceptBody>;
/** Patient list orders: newest enrolment, name, worst open alert first, fewest days with data first. */
export const patientSorts = ['enrolled', 'name', 'alerts', 'adherence'] as const;
export type PatientSort = (typeof patientSorts)[number];
/** `alerts`: with an open alert; `not_adherent`: the adherence warning is on (clinic-adherence.ts). */
export const patientFilters = ['all', 'alerts', 'not_adherent'] as const;
export type PatientFilter = (typeof patientFilters)[number];
export const patientListQuery = z.strictObject({
  search: z.string().trim().max(100).optional(),
  sort: z.enum(patientSorts).default('enrolled'),
  filter: z.enum(patientFilters).default('all'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(300).optional(),
});

// Answers

export const clinicSchema = z.object({
  id: z.string(),
  name: z.string(),
  programmeTerms: z.string(),
  termsVersion: z.number(),
  defaultCategories: z.array(z.string()),
  escalationMinutes: z.number(),
  /** The escalation webhook's URL (its secret is never shown again). */
  webhookUrl: z.string().nullable(),
  role: clinicRoleSchema,
  permissions: z.array(z.string()),
});
export type Clinic = z.infer<typeof clinicSchema>;
export const myClinicsSchema = z.object({
  clinics: z.array(z.object({ id: z.string(), name: z.string(), role: clinicRoleSchema })),
});
export const staffMemberSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  email: z.string(),
  role: clinicRoleSchema,
  addedAt: z.string(),
});
export const staffListSchema = z.object({
  staff: z.array(staffMemberSchema),
  invitations: z.array(
    z.object({ id: z.string(), email: z.string(), role: clinicRoleSchema, expiresAt: z.string() }),
  ),
});
export type StaffList = z.infer<typeof staffListSchema>;
export const invitationCreatedSchema = z.object({
  id: z.string(),
  expiresAt: z.string(),
  /** Patient invitations: the code to print or read out, and the link it opens. */
  code: z.string().optional(),
  link: z.string().optional(),
});
export type InvitationCreated = z.infer<typeof invitationCreatedSchema>;
/** The clinic's patient invitations still open, each with the units of the stock reserved for it. */
export const patientInvitationListSchema = z.object({
  invitations: z.array(
    z.object({
      id: z.string(),
      /** Null: a printed code (no address). */
      email: z.string().nullable(),
      createdAt: z.string(),
      expiresAt: z.string(),
      devices: z.array(z.object({ unitId: z.string(), serial: z.string() })),
    }),
  ),
});
export type PatientInvitationList = z.infer<typeof patientInvitationListSchema>;
export const invitationViewSchema = z.object({
  kind: z.enum(['staff', 'patient']),
  clinicName: z.string(),
  role: clinicRoleSchema.nullable(),
  /** Patient invitations: what the patient reads and picks before accepting. */
  programmeTerms: z.string().nullable(),
  termsVersion: z.number().nullable(),
  wording: z.object({ version: z.number(), title: z.string(), text: z.string() }).nullable(),
  defaultCategories: z.array(z.string()),
  categories: z.array(z.object({ id: z.string(), metrics: z.array(z.string()) })),
  expiresAt: z.string(),
});
export type InvitationView = z.infer<typeof invitationViewSchema>;
export const latestValueSchema = z.object({ metric: z.string(), value: z.number(), takenAt: z.string() });
export const clinicPatientSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  enrolledAt: z.string(),
  categories: z.array(z.string()),
  latest: z.array(latestValueSchema),
  /** Alerts not resolved yet (of shared categories), and the worst one's severity. */
  openAlerts: z.number(),
  worstSeverity: z.enum(alertSeverities).nullable(),
  /** The current 30-day period (the 16-of-30 rule). */
  adherence: adherenceSchema,
  /** The last calendar day data reached the server, or null. */
  lastTransmissionDay: z.string().nullable(),
});
export type ClinicPatient = z.infer<typeof clinicPatientSchema>;
/** The patient page: the list's line, and every period they shared with the clinic, oldest first. */
export const clinicPatientDetailSchema = clinicPatientSchema.extend({
  periods: z.array(sharingPeriodSchema),
});
export type ClinicPatientDetail = z.infer<typeof clinicPatientDetailSchema>;
export const patientPageSchema = z.object({
  patients: z.array(clinicPatientSchema),
  next: z.string().nullable(),
});
export type PatientPage = z.infer<typeof patientPageSchema>;
export const sharingSchema = z.object({
  clinicId: z.string(),
  clinicName: z.string(),
  categories: z.array(z.string()),
  since: z.string(),
  acceptedBy: z.enum(['patient', 'guardian']),
});
export type Sharing = z.infer<typeof sharingSchema>;
export const mySharingSchema = z.object({ sharing: z.array(sharingSchema) });

/**
 * The clinic's EHR as a SMART Backend Services client (issue #15): the clinic_admin registers its
 * public keys, pasted (a JWKS) or by the URL where the EHR publishes them (SMART's jwks_url, so the
 * EHR rotates keys there); the EHR then gets tokens with client_credentials and a JWT signed by its key.
 */
export const clinicBackendClientBody = z.union([
  z.strictObject({
    jwks: z.strictObject({ keys: z.array(z.record(z.string(), z.unknown())).min(1).max(10) }),
  }),
  z.strictObject({ jwksUrl: z.string().min(1).max(2000) }),
]);
export type ClinicBackendClientBody = z.infer<typeof clinicBackendClientBody>;
export const clinicBackendClientSchema = z.object({
  clientId: z.string(),
  scopes: z.array(z.string()),
  keyIds: z.array(z.string()),
  /** Set when the keys are fetched from the EHR's URL (keyIds is then empty: they rotate there). */
  jwksUrl: z.string().nullable(),
  tokenUrl: z.string(),
  fhirBaseUrl: z.string(),
  groupId: z.string(),
  updatedAt: z.string(),
});
export type ClinicBackendClientView = z.infer<typeof clinicBackendClientSchema>;
