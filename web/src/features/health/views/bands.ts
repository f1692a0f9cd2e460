/** A value range drawn behind a chart: inclusive lower bound, exclusive upper bound; null is open. */
export interface Span {
  from: number | null;
  to: number | null;
}

/** The band a value falls in (the first that holds it). */
export function bandAt<B extends Span>(bands: readonly B[], value: number): B | undefined {
  return bands.find((b) => (b.from === null || value >= b.from) && (b.to === null || value < b.to));
}

/**
 * Fills of the bands, translucent so the series stay readable on a light or a dark page; the legend's
 * swatches use the same colours. Guideline categories go green → dark red like the category swatches.
 */
export const bandFills = {
  good: 'rgba(45, 164, 78, 0.16)',
  fair: 'rgba(212, 167, 44, 0.2)',
  poor: 'rgba(207, 34, 46, 0.16)',
  normal: 'rgba(45, 164, 78, 0.16)',
  elevated: 'rgba(212, 167, 44, 0.2)',
  hypertension_stage_1: 'rgba(225, 111, 36, 0.18)',
  hypertension_stage_2: 'rgba(207, 34, 46, 0.18)',
  hypertensive_crisis: 'rgba(130, 7, 30, 0.24)',
} as const;
