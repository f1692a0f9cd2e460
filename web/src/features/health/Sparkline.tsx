import { useTranslation } from 'react-i18next';
import { sparkPoints } from './dashboard';

const W = 120;
const H = 32;

/**
 * A small line of the last weeks, one point per day. The drawing is decoration (aria-hidden): the
 * same facts are written beside it for screen readers (first, last, lowest and highest day).
 */
export function Sparkline({
  lines,
  format,
}: {
  /** One or two series of day values (blood pressure: systolic and diastolic), the first one described. */
  lines: ReadonlyArray<ReadonlyArray<number | null>>;
  format: (v: number) => string;
}) {
  const { t } = useTranslation();
  const first = lines[0] ?? [];
  const known = first.filter((v): v is number => v !== null);
  if (known.length < 2) return null;
  // Both lines on one scale, so the gap between systolic and diastolic is true.
  const all = lines.flat().filter((v): v is number => v !== null);
  const scale = { min: Math.min(...all), max: Math.max(...all) };
  const scaled = lines.map((l) => sparkPoints(l, W, H, scale));
  return (
    <p className="sparkline">
      {/* The card's width, the stroke unscaled: a wide card stretches the days, not the line. */}
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        height={H}
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        {scaled.map((pts, i) => (
          <polyline
            // biome-ignore lint/suspicious/noArrayIndexKey: the lines' order is fixed
            key={i}
            points={pts.map(([x, y]) => `${x},${y}`).join(' ')}
            className={i === 0 ? 'spark-main' : 'spark-second'}
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      <span className="visually-hidden">
        {t('health.dashboard.sparkline', {
          first: format(known[0]!),
          last: format(known.at(-1)!),
          min: format(Math.min(...known)),
          max: format(Math.max(...known)),
        })}
      </span>
    </p>
  );
}
