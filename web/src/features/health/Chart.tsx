import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useFormat } from '../../i18n/format';
import { yBounds } from './chart-data';
import { axisDateFormat, hatch, pointDateFormat, timeSplits } from './chart-draw';
import type { ZoomWindow } from './views/view-props';

export interface ChartSeries {
  label: string;
  color: string;
  /** Daily totals are bars; measurements are lines with points. */
  bars?: boolean;
  /** A hypnogram steps from one stage to the next. */
  stepped?: boolean;
  dash?: number[];
}

/** A horizontal line across the chart: a goal (weight target, daily steps). */
export interface GoalLine {
  value: number;
  label: string;
  color?: string;
}

/** A value range shaded behind the series (guideline categories, comfort zones); null is open. */
export interface ChartBand {
  from: number | null;
  to: number | null;
  color: string;
}

interface Props {
  /** What the chart shows, for screen readers (the table view lists the values). */
  label: string;
  data: uPlot.AlignedData;
  series: ChartSeries[];
  height?: number;
  /** The window asked of the server, kept on the element so tests can ask the API the same. */
  window?: { from: string; to: string; bucketSeconds?: number; metric: string };
  /** The x-axis bounds in seconds: exactly the period (or zoom) shown, whatever the data (`xRangeOf`). */
  xRange?: [number, number];
  /** Fixed y bounds; otherwise from the data, bars from zero, never narrower than `minSpan`. */
  yRange?: [number, number];
  /** The metric's minimum y-span in display units (catalog `chartMinSpan`). */
  minSpan?: number;
  /** Tick labels for a discrete axis (sleep stages). */
  yValues?: (v: number) => string;
  timeZone?: string | undefined;
  goals?: GoalLine[];
  bands?: ChartBand[];
  /** Per x: that bucket is still running; its bar is hatched and labelled, not read as a dip. */
  partial?: boolean[];
  /** A window dragged across the chart; without it the chart does not zoom. */
  onZoom?: (w: ZoomWindow) => void;
  /** Show the data as a table instead of the canvas. */
  table?: boolean;
  /** How a row's x reads in the table and legend (default: date and time). */
  xLabel?: (x: number) => string;
  /** How a value reads in the table (default: the locale's number). */
  format?: (v: number) => string;
}

/**
 * A uPlot time-series chart that follows its container's width, shows exactly `xRange`, draws goal
 * lines and partial buckets, zooms by dragging (reported, not applied: the page fetches finer data),
 * and turns into a table on request.
 */
export function Chart(props: Props) {
  const { data, series, height = 260, xRange, yValues, timeZone, partial, minSpan } = props;
  // Lines and bands often come as fresh arrays each render: keyed by content, so the plot is not rebuilt.
  const goalsKey = JSON.stringify(props.goals ?? []);
  const bandsKey = JSON.stringify(props.bands ?? []);
  const goals = useMemo(() => JSON.parse(goalsKey) as GoalLine[], [goalsKey]);
  const bands = useMemo(() => JSON.parse(bandsKey) as ChartBand[], [bandsKey]);
  const { t } = useTranslation();
  const { locale } = useFormat();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const onZoom = useRef(props.onZoom);
  onZoom.current = props.onZoom;
  const zoomable = Boolean(props.onZoom);

  const yRange = useMemo(
    () =>
      props.yRange ??
      yBounds(data.slice(1) as Array<ArrayLike<number | null>> as Array<Array<number | null>>, {
        minSpan,
        fromZero: series.some((s) => s.bars),
        include: goals.map((g) => g.value),
      }),
    [props.yRange, data, minSpan, series, goals],
  );
  // A running bucket's bar moves to a hatched companion series, so it reads as "not finished".
  const drawn = useMemo(() => {
    if (!partial?.some(Boolean)) return { data, series };
    const extraSeries: ChartSeries[] = [];
    const columns = [...data] as Array<ArrayLike<number | null | undefined>>;
    series.forEach((s, i) => {
      if (!s.bars) return;
      const col = Array.from(data[i + 1] ?? []);
      columns[i + 1] = col.map((v, j) => (partial[j] ? null : v));
      columns.push(col.map((v, j) => (partial[j] ? v : null)));
      extraSeries.push({ ...s, label: t('health.chart.inProgress', { series: s.label }) });
    });
    return { data: columns as uPlot.AlignedData, series: [...series, ...extraSeries] };
  }, [data, series, partial, t]);

  useEffect(() => {
    const el = box.current;
    if (!el || props.table) return;
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const stepped = uPlot.paths.stepped?.({ align: 1 });
    const firstExtra = series.length;
    const tzDate = timeZone ? (ts: number) => uPlot.tzDate(new Date(ts * 1000), timeZone) : undefined;
    const pointFmt = pointDateFormat(locale, timeZone);
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height,
      tzDate,
      legend: { show: true },
      cursor: { drag: { x: zoomable, y: false, setScale: false } },
      scales: {
        x: { time: true, ...(xRange ? { range: () => xRange } : {}) },
        ...(yRange ? { y: { range: () => yRange } } : {}),
      },
      axes: [
        {
          stroke: '#444',
          // Ticks on the user's calendar (hours, midnights, months), not uPlot's browser-zone guesses.
          ...(timeZone
            ? {
                splits: (u: uPlot, _i: number, min: number, max: number) =>
                  timeSplits(min, max, timeZone, u.bbox.width / (window.devicePixelRatio || 1)),
              }
            : {}),
          values: (u: uPlot, ticks: number[]) => {
            const f = axisDateFormat(locale, timeZone, (u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0));
            return ticks.map((s) => f.format(s * 1000));
          },
        },
        {
          stroke: '#444',
          size: 56,
          ...(yValues
            ? { values: (_u: uPlot, ticks: number[]) => ticks.map(yValues), splits: () => [1, 2, 3, 4] }
            : {
                values: (_u: uPlot, ticks: number[]) =>
                  ticks.map((v) => new Intl.NumberFormat(locale).format(v)),
              }),
        },
      ],
      series: [
        {
          label: t('health.chart.when'),
          value: (_u: uPlot, v: number | null) => (v == null ? '—' : pointFmt.format(v * 1000)),
        },
        ...drawn.series.map((s, i) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          ...(s.dash ? { dash: s.dash } : {}),
          ...(s.bars
            ? {
                fill: i >= firstExtra ? hatch(s.color) : `${s.color}99`,
                paths: bars,
                points: { show: false },
              }
            : {}),
          ...(s.stepped ? { paths: stepped, points: { show: false } } : {}),
          spanGaps: !s.bars,
        })),
      ],
      hooks: {
        drawClear: [(u) => drawBands(u, bands)],
        draw: [(u) => drawGoals(u, goals)],
        setSelect: [
          (u) => {
            if (u.select.width < 8) return;
            const from = u.posToVal(u.select.left, 'x');
            const to = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            onZoom.current?.({
              from: new Date(from * 1000).toISOString(),
              to: new Date(to * 1000).toISOString(),
            });
          },
        ],
      },
    };
    plot.current = new uPlot(opts, drawn.data, el);
    const resize = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(280, el.clientWidth), height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [
    drawn,
    series.length,
    height,
    xRange,
    yRange,
    yValues,
    timeZone,
    goals,
    bands,
    locale,
    zoomable,
    props.table,
    t,
  ]);

  const first = (data[1] ?? []) as ArrayLike<number | null | undefined>;
  const points = Array.from(first).filter((v) => v !== null && v !== undefined).length;
  const w = props.window;
  const iso = (s: number | undefined) => (s === undefined ? undefined : new Date(s * 1000).toISOString());
  return (
    <figure
      className="chart"
      data-testid="chart"
      data-points={points}
      data-metric={w?.metric}
      data-from={w?.from}
      data-to={w?.to}
      data-bucket-seconds={w?.bucketSeconds}
      data-x-min={iso(xRange?.[0])}
      data-x-max={iso(xRange?.[1])}
      data-y-min={yRange?.[0]}
      data-y-max={yRange?.[1]}
      data-partial={partial?.filter(Boolean).length ?? 0}
      data-goals={goals.length ? goals.map((g) => g.value).join(' ') : undefined}
    >
      {props.table ? (
        <ChartTable {...props} />
      ) : (
        <div ref={box} role="img" aria-label={props.label} className="chart-canvas" />
      )}
    </figure>
  );
}

/** Bands behind the series, clipped to the plot. */
function drawBands(u: uPlot, bands: readonly ChartBand[]) {
  const { left, top, width, height } = u.bbox;
  const ctx = u.ctx;
  for (const b of bands) {
    const y1 = b.to === null ? top : Math.max(top, u.valToPos(b.to, 'y', true));
    const y2 = b.from === null ? top + height : Math.min(top + height, u.valToPos(b.from, 'y', true));
    if (y2 <= y1) continue;
    ctx.save();
    ctx.fillStyle = b.color;
    ctx.fillRect(left, y1, width, y2 - y1);
    ctx.restore();
  }
}

/** Goal lines: dashed across the plot, their label at the right end above the line. */
function drawGoals(u: uPlot, goals: readonly GoalLine[]) {
  const ctx = u.ctx;
  const dpr = window.devicePixelRatio || 1;
  for (const g of goals) {
    const y = Math.round(u.valToPos(g.value, 'y', true));
    if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
    ctx.save();
    ctx.strokeStyle = g.color ?? '#8250df';
    ctx.fillStyle = g.color ?? '#8250df';
    ctx.lineWidth = 2 * dpr;
    ctx.setLineDash([6 * dpr, 4 * dpr]);
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    ctx.font = `${12 * dpr}px system-ui, sans-serif`;
    ctx.textAlign = 'right';
    ctx.fillText(g.label, u.bbox.left + u.bbox.width - 4 * dpr, y - 4 * dpr);
    ctx.restore();
  }
}

/** The chart's data as a table: one row per x, one column per series, goals and partial rows said. */
function ChartTable({ label, data, series, goals, partial, xLabel, format, timeZone }: Props) {
  const { t } = useTranslation();
  const { locale, number } = useFormat();
  const pointFmt = useMemo(() => pointDateFormat(locale, timeZone), [locale, timeZone]);
  const xs = Array.from(data[0] ?? []);
  const read = xLabel ?? ((x: number) => pointFmt.format(x * 1000));
  const value = format ?? number;
  return (
    <div className="table-wrap">
      <table className="chart-table">
        <caption>
          {label}
          {goals?.map((g) => (
            <span key={g.label} className="muted">
              {' · '}
              {g.label}
            </span>
          ))}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('health.chart.when')}</th>
            {series.map((s) => (
              <th key={s.label} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {xs.map((x, i) => (
            <tr key={x}>
              <th scope="row">{read(x)}</th>
              {series.map((s, j) => {
                const v = (data[j + 1] as ArrayLike<number | null | undefined>)[i];
                return (
                  <td key={s.label}>
                    {v == null ? '—' : value(Math.round(v * 100) / 100)}
                    {partial?.[i] && s.bars ? ` (${t('health.chart.partial')})` : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
