import { z } from 'zod';

/**
 * Privacy requests (PRODUCT.md P8, P20): what the user cannot do themselves in the app goes to the
 * operator's queue and must be answered within one month (GDPR Art. 12(3)). Objecting to a consent
 * purpose is not a request: it is withdrawing the consent, on the consents page.
 */
export const privacyRequestKinds = [
  'rectification',
  'objection',
  'restriction',
  'access_question',
  'other',
] as const;
export type PrivacyRequestKind = (typeof privacyRequestKinds)[number];

export const privacyRequestStatuses = ['open', 'in_progress', 'done', 'refused'] as const;
export type PrivacyRequestStatus = (typeof privacyRequestStatuses)[number];
/** The statuses that close a request: each needs an answer to the user. */
export const closingStatuses = ['done', 'refused'] as const;

export const newPrivacyRequestBody = z.strictObject({
  kind: z.enum(privacyRequestKinds),
  message: z.string().trim().min(10).max(5000),
});
export type NewPrivacyRequest = z.infer<typeof newPrivacyRequestBody>;

/** The operator's answer (`vitalbase requests answer`). */
export const privacyRequestAnswerInput = z
  .strictObject({
    status: z.enum(['in_progress', ...closingStatuses]),
    message: z.string().trim().min(3).max(5000).optional(),
  })
  .refine((a) => a.status === 'in_progress' || a.message, {
    message: 'done and refused need a message to the user',
    path: ['message'],
  });
export type PrivacyRequestAnswer = z.infer<typeof privacyRequestAnswerInput>;

/** A request as the user's routes answer it (GET/POST /api/me/privacy-requests). */
export const privacyRequestViewSchema = z.object({
  id: z.string(),
  kind: z.enum(privacyRequestKinds),
  message: z.string(),
  status: z.enum(privacyRequestStatuses),
  dueOn: z.string(),
  overdue: z.boolean(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PrivacyRequestView = z.infer<typeof privacyRequestViewSchema>;

const DAYS_IN_MONTH = (year: number, month1: number) => new Date(Date.UTC(year, month1, 0)).getUTCDate();

/**
 * Adds calendar months to a date (YYYY-MM-DD), keeping the day of the month and clamping it to the
 * last day of a shorter month: 2025-01-31 + 1 month = 2025-02-28, 2024-01-31 + 1 = 2024-02-29.
 */
export function addCalendarMonths(isoDate: string, months: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`not a date: ${isoDate}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const year = Math.floor(total / 12);
  const month1 = (total % 12) + 1;
  const day = Math.min(Number(m[3]), DAYS_IN_MONTH(year, month1));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month1)}-${pad(day)}`;
}

/** The due date of a request received at `receivedAt`: one month later (the UTC calendar date). */
export function privacyRequestDueDate(receivedAt: Date): string {
  return addCalendarMonths(receivedAt.toISOString().slice(0, 10), 1);
}

/** Overdue: still open (or in progress) after its due date has passed (UTC). */
export function isOverdue(status: PrivacyRequestStatus, dueDate: string, now: Date): boolean {
  return (status === 'open' || status === 'in_progress') && now.toISOString().slice(0, 10) > dueDate;
}
