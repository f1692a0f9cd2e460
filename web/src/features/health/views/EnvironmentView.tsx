import type { MetricViewProps } from './view-props';
import { LineView } from './LineView';

/** The bedroom air sensor: noise, CO2, room temperature, humidity. */
export function EnvironmentView(view: MetricViewProps) {
  return (
    <div className="chart-grid">
      <LineView metric="noise" {...view} color="#8250df" heading />
      <LineView metric="co2" {...view} color="#cf222e" heading />
      <LineView metric="room_temperature" {...view} color="#bf8700" heading />
      <LineView metric="humidity" {...view} color="#1f6feb" heading />
    </div>
  );
}
