import { z } from 'zod';

/**
 * RPM adherence (issue #15 §Adherence): the days with at least one transmission in each 30-day
 * period counted from enrolment; a period is billable (the 16-of-30-days rule) with 16 such days.
 * Days are the patient's calendar days (their account's zone). The server counts the days
 * (clinic_transmission_days) and the list filters on the same rule in SQL (clinics.repo.ts); this is
 * the rule once, for the answers and the web.
 */
export const ADHERENCE_PERIOD_DAYS = 30;
export const ADHERENCE_REQUIRED_DAYS = 16;
/** From this day of the period (1-based), a period that can no longer reach 16 is warned about. */
export const ADHERENCE_WARNING_DAY = 20;

const DAY_MS = 86_400_000;
const dayNumber = (isoDate: string) => Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
const isoOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The first day of the 30-day period holding `today`, counted from the enrolment day. */
export function adherencePeriodStart(enrolDay: string, today: string): string {
  const e = dayNumber(enrolDay);
  const elapsed = Math.max(0, dayNumber(today) - e);
  return isoOf(e + Math.floor(elapsed / ADHERENCE_PERIOD_DAYS) * ADHERENCE_PERIOD_DAYS);
}

export const adherenceSchema = z.object({
  /** The current period: its first and last calendar days. */
  periodStart: z.string(),
  periodEnd: z.string(),
  /** Today's place in the period, 1 to 30. */
  day: z.number(),
  /** Days of the period so far with at least one transmission (today included). */
  daysWithData: z.number(),
  /** Days of the period after today. */
  daysLeft: z.number(),
  required: z.number(),
  /** 16 days reached: the period is billable. */
  met: z.boolean(),
  /** 16 can still be reached if data arrives on every day left (today too, if none yet). */
  reachable: z.boolean(),
  /** From day 20, 16 is out of reach: the list shows it and "not adherent" filters on it. */
  warning: z.boolean(),
});
export type Adherence = z.infer<typeof adherenceSchema>;

/** The current period of a patient enrolled on `enrolDay`, from the days with data counted in it. */
export function adherenceOf(input: {
  enrolDay: string;
  today: string;
  daysWithData: number;
  todayHasData: boolean;
}): Adherence {
  const start = adherencePeriodStart(input.enrolDay, input.today);
  const day = Math.max(1, dayNumber(input.today) - dayNumber(start) + 1);
  const daysLeft = ADHERENCE_PERIOD_DAYS - day;
  const met = input.daysWithData >= ADHERENCE_REQUIRED_DAYS;
  const possible = input.daysWithData + daysLeft + (input.todayHasData ? 0 : 1);
  const reachable = met || possible >= ADHERENCE_REQUIRED_DAYS;
  return {
    periodStart: start,
    periodEnd: isoOf(dayNumber(start) + ADHERENCE_PERIOD_DAYS - 1),
    day,
    daysWithData: input.daysWithData,
    daysLeft,
    required: ADHERENCE_REQUIRED_DAYS,
    met,
    reachable,
    warning: !reachable && day >= ADHERENCE_WARNING_DAY,
  };
}
