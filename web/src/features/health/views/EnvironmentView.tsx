import { useTranslation } from 'react-i18next';
import type { ChartBand } from '../Chart';
import { useMeasureFormat } from '../parts';
import { toDisplay } from '../units';
import { useUnits } from '../use-units';
import { bandFills } from './bands';
import { type Comfort, comfortBands } from './comfort-bands';
import { LineView } from './LineView';
import type { MetricViewProps } from './view-props';
import './health-views.css';

const sensors = [
  { metric: 'co2', color: '#cf222e' },
  { metric: 'noise', color: '#8250df' },
  { metric: 'room_temperature', color: '#bf8700' },
  { metric: 'humidity', color: '#1f6feb' },
] as const;

/** The bedroom air sensor: each metric on its comfort bands, with one line saying what they mean. */
export function EnvironmentView(view: MetricViewProps) {
  const prefs = useUnits();
  return (
    <>
      <ComfortLegend />
      <div className="chart-grid">
        {sensors.map(({ metric, color }) => (
          <LineView
            key={metric}
            metric={metric}
            color={color}
            heading
            bands={(comfortBands[metric] ?? []).map(
              (b): ChartBand => ({
                from: b.from === null ? null : toDisplay(metric, b.from, prefs),
                to: b.to === null ? null : toDisplay(metric, b.to, prefs),
                color: bandFills[b.comfort],
              }),
            )}
            note={<ComfortLine metric={metric} />}
            {...view}
          />
        ))}
      </div>
    </>
  );
}

/** What the colours behind the charts mean. */
function ComfortLegend() {
  const { t } = useTranslation();
  const levels: Comfort[] = ['good', 'fair', 'poor'];
  return (
    <ul className="chart-legend" data-testid="comfort-legend">
      {levels.map((c) => (
        <li key={c}>
          <span className="swatch" style={{ background: bandFills[c] }} aria-hidden="true" />
          {t(`health.environment.comfort.${c}`)}
        </li>
      ))}
    </ul>
  );
}

/** One line under a sensor's heading: its comfortable range and its source. */
function ComfortLine({ metric }: { metric: string }) {
  const { t } = useTranslation();
  const fmt = useMeasureFormat();
  const good = comfortBands[metric]?.find((b) => b.comfort === 'good');
  return (
    <p className="muted comfort-line" data-testid={`comfort-${metric}`}>
      {t(`health.environment.explain.${metric}`, {
        low: good?.from == null ? '' : fmt(metric, good.from),
        high: good?.to == null ? '' : fmt(metric, good.to),
      })}
    </p>
  );
}
