/** A value range drawn behind a chart: inclusive lower bound, exclusive upper bound; null is open. */
export interface Span {
  from: number | null;
  to: number | null;
}

/** The band a value falls in (the first that holds it). */
export function bandAt<B extends Span>(bands: readonly B[], value: number): B | undefined {
  return bands.find((b) => (b.from === null || value >= b.from) && (b.to === null || value < b.to));
}
