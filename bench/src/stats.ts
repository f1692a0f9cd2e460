/** Small statistics helpers for the benchmark figures. */

/** The q-th percentile (0–100) of a list of numbers, nearest-rank; NaN for an empty list. */
export function percentile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Milliseconds since `start` (from performance.now()). */
export const since = (start: number) => performance.now() - start;

/** A finite positive number, or the benchmark is broken (the smoke run fails on it). */
export function assertFigure(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`benchmark figure ${name} is not a positive number: ${value}`);
  return value;
}
