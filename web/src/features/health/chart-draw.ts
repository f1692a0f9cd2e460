/** Drawing details of charts: date formats in the user's language and zone, the partial-bar hatch. */

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
        : spanSeconds <= 62 * DAY
          ? { day: 'numeric', month: 'short' }
          : spanSeconds <= 400 * DAY
            ? { month: 'short' }
            : { month: 'short', year: 'numeric' };
  return new Intl.DateTimeFormat(locale, { ...options, timeZone });
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

export const bucketSecondsOf = { hour: HOUR, day: DAY, month: 30 * DAY } as const;

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
