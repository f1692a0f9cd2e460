import { useTranslation } from 'react-i18next';
import { useMe } from '../api/queries';

/** Dates and numbers in the interface language, times in the user's own time zone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const { data: me } = useMe();
  const locale = i18n.language;
  const timeZone = me?.timeZone && isTimeZone(me.timeZone) ? me.timeZone : undefined;
  return {
    locale,
    dateTime: (iso: string | null | undefined) =>
      iso
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
            new Date(iso),
          )
        : '—',
    /** A calendar date (YYYY-MM-DD) with no time zone shift. */
    date: (ymd: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${ymd}T00:00:00Z`),
      ),
    number: (n: number) => new Intl.NumberFormat(locale).format(n),
  };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
