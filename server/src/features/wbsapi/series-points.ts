/** min / max / rounded mean of some values, or undefined when there are none. */
export function stats(values: readonly number[]): { min: number; max: number; average: number } | undefined {
  if (!values.length) return undefined;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return { min, max, average: Math.round(sum / values.length) };
}
