import { describe, expect, it } from 'vitest';
import { metrics } from './catalog';

describe('metric catalog', () => {
  it('gives every numeric metric a minimum chart y-span, in its canonical unit', () => {
    const numeric = metrics.filter((m) => m.shapes.some((s) => s === 'reading' || s === 'series'));
    expect(numeric.length).toBeGreaterThan(30);
    const missing = numeric.filter((m) => !(m.chartMinSpan && m.chartMinSpan > 0)).map((m) => m.id);
    expect(missing).toEqual([]);
    // A span is a visible change, never wider than the metric's physical range.
    for (const m of numeric) expect(m.chartMinSpan!).toBeLessThan(m.range.max - m.range.min);
  });
});
