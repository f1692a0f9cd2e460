import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatReadingTime, useFormat } from '../../../i18n/format';
import {
  barSegments,
  barsTopHours,
  hourTicks,
  hypnogramBlocks,
  type Night,
  stagesUpwards,
} from './sleep-nights';
import { useWidth } from './use-width';
import './health-views.css';

// Drawn as SVG rather than with uPlot: a hypnogram is blocks in named lanes, not a line of numbers
// (uPlot's legend read "Stage: 3"), and stacked bars need no cumulative series trick.

const GUTTER = 84; // room for the longest stage name on the left ("Paradoxal" in French)
const AXIS = 22;

/** One night as blocks in four lanes (awake on top, deep at the bottom), with clock times of its own offset. */
export function Hypnogram({ night }: { night: Night }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const lane = 34;
  const height = lane * 4 + AXIS;
  const plot = Math.max(120, width - GUTTER - 20);
  const x = (ms: number) => GUTTER + ((ms - night.start) / Math.max(1, night.end - night.start)) * plot;
  const y = (level: number) => (3 - level) * lane;
  const clock = (ms: number, format: Intl.DateTimeFormatOptions = { timeStyle: 'short' }) =>
    formatReadingTime(ms, night.utcOffsetMinutes, locale, { format });
  const hours = (night.end - night.start) / 3_600_000;
  // About 44 px per hour label: every hour on a desktop, every two or three on a phone.
  const step = Math.max(1, Math.ceil((hours * 44) / plot));
  const ticks = hourTicks(night.start, night.end, night.utcOffsetMinutes, step);
  const name = (stage: string) => t(`health.sleep.stages.${stage}`);
  return (
    <div ref={box} className="svg-chart" data-testid="hypnogram">
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={t('health.sleep.hypnogramOf', { from: clock(night.start), to: clock(night.end) })}
      >
        {stagesUpwards.map((stage, level) => (
          <g key={stage}>
            <line className="grid" x1={GUTTER} x2={GUTTER + plot} y1={y(level) + lane} y2={y(level) + lane} />
            <text className="lane-label" x={GUTTER - 8} y={y(level) + lane / 2} textAnchor="end">
              {name(stage)}
            </text>
          </g>
        ))}
        {hypnogramBlocks(night).map((b) => (
          <rect
            key={b.start}
            className={`stage-${b.stage}`}
            x={x(b.start)}
            width={Math.max(1, x(b.end) - x(b.start))}
            y={y(b.level) + 4}
            height={lane - 8}
          >
            <title>{`${name(b.stage)} ${clock(b.start)}–${clock(b.end)}`}</title>
          </rect>
        ))}
        {ticks.map((ms) => (
          <text key={ms} className="tick" x={x(ms)} y={height - 6} textAnchor="middle">
            {clock(ms, { hour: 'numeric' })}
          </text>
        ))}
      </svg>
    </div>
  );
}

/** Several nights as bars of hours, each stacked deep, light, REM, awake. */
export function NightBars({ nights }: { nights: readonly Night[] }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const asc = [...nights].reverse();
  const top = barsTopHours(asc);
  const plotH = 180;
  const left = 40;
  const plot = Math.max(120, width - left - 12);
  const slot = plot / Math.max(1, asc.length);
  const barW = Math.max(1, Math.min(36, slot * 0.7));
  const y = (seconds: number) => plotH - (seconds / (top * 3600)) * plotH + 6;
  const gridStep = top > 8 ? 2 : 1;
  const grid = Array.from({ length: Math.floor(top / gridStep) + 1 }, (_, i) => i * gridStep);
  // A label every night on a desktop week, fewer as nights get narrow (about 84 px each); a night
  // is named by the day woken up on, the day it counts for.
  const every = Math.max(1, Math.ceil(84 / slot));
  const day = (n: Night) =>
    formatReadingTime(n.end, n.utcOffsetMinutes, locale, {
      format: { weekday: 'short', day: 'numeric', month: 'short' },
    });
  const name = (stage: string) => t(`health.sleep.stages.${stage}`);
  return (
    <div ref={box} className="svg-chart" data-testid="night-bars" data-nights={asc.length}>
      <svg width={width} height={plotH + 6 + AXIS} role="img" aria-label={t('health.sleep.perNightLabel')}>
        {grid.map((h) => (
          <g key={h}>
            <line className="grid" x1={left} x2={left + plot} y1={y(h * 3600)} y2={y(h * 3600)} />
            <text className="tick" x={left - 6} y={y(h * 3600) + 4} textAnchor="end">
              {`${h} h`}
            </text>
          </g>
        ))}
        {asc.map((n, i) => {
          const cx = left + slot * i + slot / 2;
          return (
            <g key={n.id}>
              {barSegments(n.summary).map((s) => (
                <rect
                  key={s.stage}
                  className={`stage-${s.stage}`}
                  x={cx - barW / 2}
                  width={barW}
                  y={y(s.to)}
                  height={Math.max(0, y(s.from) - y(s.to))}
                >
                  <title>{`${day(n)} · ${name(s.stage)}`}</title>
                </rect>
              ))}
              {i % every === 0 && (
                <text className="tick" x={cx} y={plotH + 6 + AXIS - 6} textAnchor="middle">
                  {day(n)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul className="chart-legend">
        {stagesUpwards.map((s) => (
          <li key={s}>
            <span className={`swatch stage-${s}`} aria-hidden="true" />
            {name(s)}
          </li>
        ))}
      </ul>
    </div>
  );
}
