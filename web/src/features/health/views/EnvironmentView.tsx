import type { Range } from '../chart-data';
import { LineView } from './LineView';

/** The bedroom air sensor: noise, CO2, room temperature, humidity. */
export function EnvironmentView({ range }: { range: Range }) {
  return (
    <div className="chart-grid">
      <LineView metric="noise" range={range} color="#8250df" heading />
      <LineView metric="co2" range={range} color="#cf222e" heading />
      <LineView metric="room_temperature" range={range} color="#bf8700" heading />
      <LineView metric="humidity" range={range} color="#1f6feb" heading />
    </div>
  );
}
