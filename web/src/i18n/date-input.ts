import { type ChangeEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Date fields in the APP's language, not the browser's. Chromium draws `<input type="date">` in the
 * browser's UI language whatever the page's `lang` says (a French page showed "mm/dd/yyyy" in an
 * English browser), so date fields are text fields that show and accept the locale's numeric date
 * ("29/03/2026", placeholder "jj/mm/aaaa" in French; "03/29/2026", "mm/dd/yyyy" in English), and also
 * ISO "2026-03-29". The component's value stays ISO (YYYY-MM-DD), what the API takes.
 */

type Part = 'day' | 'month' | 'year';

/** The order of day, month and year in a locale's numeric date, and its separator. */
export function datePattern(locale: string): { order: Part[]; separator: string } {
  const parts = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: 'UTC',
  }).formatToParts(Date.UTC(2026, 2, 29));
  const order = parts.flatMap((p) =>
    p.type === 'day' || p.type === 'month' || p.type === 'year' ? [p.type] : [],
  );
  const separator = parts.find((p) => p.type === 'literal')?.value ?? '/';
  return { order, separator };
}

/** An ISO date shown in the locale's numeric form ("29/03/2026"); '' for an empty or invalid one. */
export function formatDateInput(iso: string, locale: string): string {
  if (!isIsoDate(iso)) return '';
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));
}

/**
 * What the person typed, as an ISO date, or null when it is not a date: the locale's order with any
 * separator ("29/3/2026", "29.03.2026", "29 03 2026"), or ISO ("2026-03-29").
 */
export function parseDateInput(text: string, locale: string): string | null {
  const s = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numbers = s.split(/[^\d]+/).filter(Boolean);
  if (numbers.length !== 3) return null;
  const { order } = datePattern(locale);
  const at = (part: Part) => numbers[order.indexOf(part)]!;
  if (at('year').length !== 4) return null;
  return validDate(Number(at('year')), Number(at('month')), Number(at('day')));
}

function validDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

const isIsoDate = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && validDate(+s.slice(0, 4), +s.slice(5, 7), +s.slice(8)) !== null;

/**
 * Props for an `<input>` (or `Field`) editing an ISO date in the app's locale. `onValue` receives the
 * ISO date once the text is a whole date (within `max`), or '' when the field is emptied; a date still
 * being typed leaves the value as it was. On leaving the field, a valid date is rewritten in the
 * locale's form.
 */
export function useDateInput(value: string, onValue: (iso: string) => void, opts: { max?: string } = {}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [text, setText] = useState(() => formatDateInput(value, locale));
  // A value set from outside (a link, "Today") or a change of language rewrites the text.
  useEffect(() => {
    setText((typed) => (parseDateInput(typed, locale) === value ? typed : formatDateInput(value, locale)));
  }, [value, locale]);
  const { order, separator } = datePattern(locale);
  const placeholder = order.map((p) => t(`fields.dateParts.${p}`)).join(separator);
  return {
    type: 'text' as const,
    inputMode: 'numeric' as const,
    placeholder,
    value: text,
    title: placeholder,
    onChange(e: ChangeEvent<HTMLInputElement>) {
      const typed = e.target.value;
      setText(typed);
      if (!typed.trim()) return onValue('');
      const iso = parseDateInput(typed, locale);
      if (iso && (!opts.max || iso <= opts.max)) onValue(iso);
    },
    onBlur() {
      const iso = parseDateInput(text, locale);
      if (iso) setText(formatDateInput(iso, locale));
    },
  };
}
