import { z } from 'zod';

/**
 * The care team's own records on a patient (issue #15): the time log (minutes per calendar month,
 * RPM billing), the clinic's notes, the monthly report, and the clinic's escalation settings. The
 * rules the server enforces and the web shows are here once.
 */

/** A calendar month, `YYYY-MM`. */
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month is written YYYY-MM.')
  .refine((m) => Number(m.slice(0, 4)) >= 2000 && Number(m.slice(0, 4)) <= 2100, 'A month of 2000–2100.');
export const monthQuery = z.strictObject({ month: monthSchema });

/** A calendar day, `YYYY-MM-DD`, that exists. */
export const daySchema = z.iso.date();

/** The longest entry: a whole working day (a longer one is a mistake, not care time). */
export const MAX_ENTRY_MINUTES = 720;
const minutes = z.number().int().min(1).max(MAX_ENTRY_MINUTES);
const note = z.string().trim().max(1000);

export const timeEntryBody = z.strictObject({
  day: daySchema,
  minutes,
  interactive: z.boolean().default(false),
  note: note.default(''),
});
export const timeEntryPatch = z
  .strictObject({ day: daySchema, minutes, interactive: z.boolean(), note })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'Change at least one field.' });
export const timerStartBody = z.strictObject({
  interactive: z.boolean().default(false),
  note: note.default(''),
});

export const timeEntrySchema = z.object({
  id: z.string(),
  staffId: z.string(),
  staffName: z.string(),
  day: z.string(),
  minutes: z.number(),
  /** A running timer: started then, minutes filled when stopped. */
  startedAt: z.string().nullable(),
  interactive: z.boolean(),
  note: z.string(),
  mine: z.boolean(),
});
export type TimeEntry = z.infer<typeof timeEntrySchema>;
export const timeLogSchema = z.object({
  month: z.string(),
  entries: z.array(timeEntrySchema),
  minutes: z.number(),
  interactiveMinutes: z.number(),
});
export type TimeLog = z.infer<typeof timeLogSchema>;

export const patientNoteBody = z.strictObject({ body: z.string().trim().min(1).max(5000) });
export const patientNoteSchema = z.object({
  id: z.string(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type PatientNote = z.infer<typeof patientNoteSchema>;
export const patientNotesSchema = z.object({ notes: z.array(patientNoteSchema) });

/** A period the patient shared with the clinic: enrolled at `startedAt`, stopped at `stoppedAt` (null: sharing). */
export const sharingPeriodSchema = z.object({ startedAt: z.string(), stoppedAt: z.string().nullable() });

/** One patient's line of the monthly report. */
export const reportLineSchema = z.object({
  patientId: z.string(),
  displayName: z.string(),
  /** The start of the first period of sharing that overlaps the month. */
  enrolledAt: z.string(),
  /** The end of the last such period (during the month, or since); null while it lasts. */
  stoppedAt: z.string().nullable(),
  /** Every period of sharing that overlaps the month, in order (a stop and a new enrolment: two). */
  periods: z.array(sharingPeriodSchema),
  daysWithData: z.number(),
  minutes: z.number(),
  interactiveMinutes: z.number(),
  alertsRaised: z.number(),
  alertsResolved: z.number(),
});
export type ReportLine = z.infer<typeof reportLineSchema>;
export const monthlyReportSchema = z.object({
  clinicName: z.string(),
  month: z.string(),
  lines: z.array(reportLineSchema),
});
export type MonthlyReport = z.infer<typeof monthlyReportSchema>;

/** The clinic's systems: escalations POSTed there, signed (HMAC-SHA256 of the secret). */
export const clinicWebhookBody = z.strictObject({
  url: z.string().trim().min(1).max(255),
  /** Make a new signing secret (shown once); the first setting always makes one. */
  rotateSecret: z.boolean().default(false),
});
export const clinicWebhookSchema = z.object({
  url: z.string(),
  /** Only when it was just made: keep it, it is not shown again. */
  secret: z.string().optional(),
});
export type ClinicWebhook = z.infer<typeof clinicWebhookSchema>;

/** Who an alert may be assigned to: staff whose role handles alerts. */
export const alertAssigneesSchema = z.object({
  assignees: z.array(z.object({ userId: z.string(), displayName: z.string() })),
});
export type AlertAssignees = z.infer<typeof alertAssigneesSchema>;

/** The event a clinic's webhook receives: identifiers, severity and times, never a value. */
export const CLINIC_ALERT_ESCALATED = 'clinic.alert.escalated';
