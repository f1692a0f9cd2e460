import type { ChartPeriod } from '../period';

/** A window dragged on a chart inside the period (ISO instants, [from, to)). */
export interface ZoomWindow {
  from: string;
  to: string;
}

/**
 * What MetricPage gives every metric view (weight, steps, heart rate, sleep, blood pressure, room
 * sensors…): one contract, so every chart shows the same period, zooms and turns into a table alike.
 * Stable: extend it only with optional fields.
 *
 * - `period`: the range (day/week/month/year/all) and local date the user chose (in the URL), with its
 *   exact bounds in the user's time zone: `from`/`to` instants ([from, to), a day may last 23 or 25 h)
 *   and `firstDay`/`lastDay` local dates (inclusive, for the aggregates API). Fetch exactly this and
 *   give `<Chart xRange={xRangeOf(period, zoom)}>` so the axis shows exactly it, even with one point.
 * - `zoom`: a window the user dragged inside the period, or undefined. Draw it as the x-range and fetch
 *   finer data for it (`lineWindow(period, zoom)` in chart-data.ts picks the bucket).
 * - `onZoom`: pass to `<Chart onZoom>`; MetricPage keeps the zoom, announces it and offers the reset.
 * - `table`: the reader asked for numbers: pass to `<Chart table>`, which renders the same data as a
 *   `<table>` (caption, column headers, locale formats) instead of the canvas.
 *
 * A view adopting it declares `function SleepView(props: MetricViewProps)` and its line in MetricPage
 * becomes `<SleepView {...view} />`.
 */
export interface MetricViewProps {
  period: ChartPeriod;
  zoom: ZoomWindow | undefined;
  onZoom: (w: ZoomWindow) => void;
  table: boolean;
}
