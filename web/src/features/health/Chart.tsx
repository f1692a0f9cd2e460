import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  /** Daily totals are bars; measurements are lines with points. */
  bars?: boolean;
  /** A hypnogram steps from one stage to the next. */
  stepped?: boolean;
  dash?: number[];
}

interface Props {
  /** What the chart shows, for screen readers (the values are also listed in text beside it). */
  label: string;
  data: uPlot.AlignedData;
  series: ChartSeries[];
  height?: number;
  /** The window asked of the server, kept on the element so tests can ask the API the same. */
  window?: { from: string; to: string; bucketSeconds?: number; metric: string };
  yRange?: [number, number];
  /** Tick labels for a discrete axis (sleep stages). */
  yValues?: (v: number) => string;
  timeZone?: string | undefined;
}

/** A uPlot time-series chart that follows its container's width. */
export function Chart({ label, data, series, height = 260, window: w, yRange, yValues, timeZone }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const stepped = uPlot.paths.stepped?.({ align: 1 });
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height,
      tzDate: timeZone ? (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone) : undefined,
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: true }, ...(yRange ? { y: { range: yRange } } : {}) },
      axes: [
        { stroke: '#444' },
        {
          stroke: '#444',
          size: 56,
          ...(yValues
            ? { values: (_u: uPlot, ticks: number[]) => ticks.map(yValues), splits: () => [1, 2, 3, 4] }
            : {}),
        },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          ...(s.dash ? { dash: s.dash } : {}),
          ...(s.bars ? { fill: `${s.color}99`, paths: bars, points: { show: false } } : {}),
          ...(s.stepped ? { paths: stepped, points: { show: false } } : {}),
          spanGaps: !s.bars,
        })),
      ],
    };
    plot.current = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(280, el.clientWidth), height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [data, series, height, yRange, yValues, timeZone]);

  const first = (data[1] ?? []) as ArrayLike<number | null | undefined>;
  const points = Array.from(first).filter((v) => v !== null && v !== undefined).length;
  return (
    <figure
      className="chart"
      data-testid="chart"
      data-points={points}
      data-metric={w?.metric}
      data-from={w?.from}
      data-to={w?.to}
      data-bucket-seconds={w?.bucketSeconds}
    >
      <div ref={box} role="img" aria-label={label} className="chart-canvas" />
    </figure>
  );
}
