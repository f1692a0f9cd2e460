/** Drawing details of charts: ticks and date formats in the user's language and zone, the hatch. */
import { addDays, addMonths, localDayStart } from './period';
import { localDate } from './readings';

const HOUR = 3600;
const DAY = 86_400;

/**
 * Tick labels for an x-axis spanning `spanSeconds`: hours for a day, weekday and date for a week,
 * date for a month, month for a year, month and year beyond (in the locale: "lun. 30", "Mon 30").
 */
export function axisDateFormat(
  locale: string,
  timeZone: string | undefined,
  spanSeconds: number,
): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions =
    spanSeconds <= 1.5 * DAY
      ? { hour: '2-digit', minute: '2-digit' }
      : spanSeconds <= 8 * DAY
        ? { weekday: 'short', day: 'numeric' }
        : spanSeconds <= 92 * DAY
          ? { day: 'numeric', month: 'short' }
          : spanSeconds <= 400 * DAY
            ? { month: 'short' }
            : { month: 'short', year: 'numeric' };
  return new Intl.DateTimeFormat(locale, { ...options, timeZone });
}

const hourOf = (ms: number, timeZone: string) =>
  Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(ms));

/**
 * Ticks of a time axis (seconds) on the user's local calendar: whole hours, local midnights, first days
 * of months or years, as many as fit `widthPx` (~64 px a label). The end of the range gets no tick:
 * its label would be cut at the edge.
 */
export function timeSplits(min: number, max: number, timeZone: string, widthPx: number): number[] {
  const fit = Math.max(2, Math.floor(widthPx / 64));
  const span = max - min;
  const inside = (ts: number[]) => ts.filter((t) => t >= min && t < max);
  const pick = (steps: number[], count: (step: number) => number) =>
    steps.find((s) => count(s) <= fit) ?? steps.at(-1)!;
  if (span <= 1.5 * DAY) {
    const step = pick([1, 2, 3, 4, 6, 12], (h) => span / HOUR / h);
    const out: number[] = [];
    for (let t = Math.ceil(min / HOUR) * HOUR; t < max; t += HOUR)
      if (hourOf(t * 1000, timeZone) % step === 0) out.push(t);
    return out;
  }
  const first = localDate(min * 1000, timeZone);
  const at = (date: string) => localDayStart(date, timeZone) / 1000;
  if (span <= 92 * DAY) {
    const step = pick([1, 2, 3, 7, 14], (d) => span / DAY / d);
    const out: number[] = [];
    for (let d = first, i = 0; at(d) < max && i < 200; d = addDays(d, step), i++) out.push(at(d));
    return inside(out);
  }
  const step = pick([1, 2, 3, 6, 12, 24, 60], (m) => span / (30.4 * DAY) / m);
  const out: number[] = [];
  let m = `${first.slice(0, 4)}-${step >= 12 ? '01' : first.slice(5, 7)}-01`;
  for (let i = 0; at(m) < max && i < 400; m = addMonths(m, step), i++) out.push(at(m));
  return inside(out);
}

/** A point's date and time (legend, table). */
export function pointDateFormat(locale: string, timeZone: string | undefined): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
}

/** How a bucket of `bucketSeconds` reads in a table: an hour, a day, a month. */
export function bucketDateFormat(
  locale: string,
  timeZone: string | undefined,
  bucketSeconds: number,
): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions =
    bucketSeconds < DAY
      ? { dateStyle: 'medium', timeStyle: 'short' }
      : bucketSeconds < 28 * DAY
        ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }
        : { month: 'long', year: 'numeric' };
  return new Intl.DateTimeFormat(locale, { ...options, timeZone });
}

/** Diagonal hatching in the series colour: the fill of a bar whose period is still running. */
export function hatch(color: string): CanvasPattern | string {
  const fallback = `${color}44`;
  const c = document.createElement('canvas');
  c.width = 8;
  c.height = 8;
  const ctx = c.getContext('2d');
  if (!ctx) return fallback;
  ctx.fillStyle = `${color}22`;
  ctx.fillRect(0, 0, 8, 8);
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(0, 8);
  ctx.lineTo(8, 0);
  ctx.moveTo(-2, 2);
  ctx.lineTo(2, -2);
  ctx.moveTo(6, 10);
  ctx.lineTo(10, 6);
  ctx.stroke();
  return ctx.createPattern(c, 'repeat') ?? fallback;
}
