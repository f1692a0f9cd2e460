import type { ReportLine } from '@vitalbase/core/clinic-care';
import { accountTimeZone } from '../../i18n/format';

type SharingPeriod = ReportLine['periods'][number];

/**
 * A period of sharing as the monthly report shows it: calendar days in the account's zone (medium
 * dates, as the report's other dates), a stopped period as one range (Intl's `formatRange`, so a
 * period started and stopped on one day is that day, and "5–9 Dec 2026" is not "5 Dec 2026 – 9 Dec
 * 2026"), an open one as its first day, which the page words "… – sharing".
 */
export function periodDates(
  period: SharingPeriod,
  locale: string,
  timeZone: string | undefined,
): { dates: string; open: boolean } {
  const days = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: accountTimeZone(timeZone) });
  const start = Date.parse(period.startedAt);
  if (period.stoppedAt === null) return { dates: days.format(start), open: true };
  return { dates: days.formatRange(start, Date.parse(period.stoppedAt)), open: false };
}
