import { z } from 'zod';

/**
 * A clinic's device stock (issue #15 §Enrolment): units the clinic registers by serial and claim code,
 * assigns to a patient invitation, and which are paired to the patient's account on enrolment.
 */
export const clinicDeviceStates = ['in_stock', 'reserved', 'assigned'] as const;
export type ClinicDeviceState = (typeof clinicDeviceStates)[number];

export const clinicDeviceBody = z.strictObject({
  serial: z.string().trim().min(1).max(64),
  claimCode: z.string().trim().min(1).max(32),
  /** Sends over its own cellular link, without the patient's phone. */
  cellular: z.boolean().default(false),
});
export type ClinicDeviceInput = z.infer<typeof clinicDeviceBody>;

export const clinicDeviceAssignBody = z.strictObject({ invitationId: z.uuid() });

export const clinicDeviceSchema = z.object({
  unitId: z.string(),
  serial: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  cellular: z.boolean(),
  /** in_stock; reserved for a patient invitation not accepted yet; assigned to an enrolled patient. */
  state: z.enum(clinicDeviceStates),
  invitationId: z.string().nullable(),
  patientId: z.string().nullable(),
  /** Assigned: whether the patient still shares with the clinic (if not, the unit may be returned). */
  patientSharing: z.boolean().nullable(),
  assignedAt: z.string().nullable(),
  addedAt: z.string(),
});
export type ClinicDevice = z.infer<typeof clinicDeviceSchema>;
export const clinicDeviceListSchema = z.object({ devices: z.array(clinicDeviceSchema) });
