/**
 * min/max/sum/count per bucket over a metric's scaled integers (value × 10^decimals), in typed arrays:
 * no object per point, and sums of integers are exact (below 2^53), so adding whole rollup cells or
 * their points one by one gives the same figures to the last bit.
 */
export class ScaledBuckets {
  readonly count: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly sum: Float64Array;

  constructor(readonly size: number) {
    this.count = new Float64Array(size);
    this.min = new Float64Array(size);
    this.max = new Float64Array(size);
    this.sum = new Float64Array(size);
  }

  add(b: number, s: number): void {
    this.addCell(b, 1, s, s, s);
  }

  addCell(b: number, count: number, min: number, max: number, sum: number): void {
    if (this.count[b] === 0) {
      this.min[b] = min;
      this.max[b] = max;
    } else {
      if (min < this.min[b]!) this.min[b] = min;
      if (max > this.max[b]!) this.max[b] = max;
    }
    this.count[b]! += count;
    this.sum[b]! += sum;
  }
}

/** Which bucket an instant falls in: contiguous, ordered intervals; -1 outside them all. */
export interface BucketIndex {
  size: number;
  of(t: number): number;
}

/** Buckets of `bucketMs` aligned on `fromMs`, up to `toMs` (what a chart asks for). */
export function fixedBuckets(fromMs: number, toMs: number, bucketMs: number): BucketIndex {
  return {
    size: Math.max(0, Math.ceil((toMs - fromMs) / bucketMs)),
    of: (t) => (t < fromMs || t >= toMs ? -1 : Math.floor((t - fromMs) / bucketMs)),
  };
}

/** Consecutive periods (local days, weeks, months: not all the same length). */
export function periodBuckets(periods: ReadonlyArray<{ start: number; end: number }>): BucketIndex {
  const first = periods[0]?.start ?? 0;
  const last = periods.at(-1)?.end ?? 0;
  return {
    size: periods.length,
    of(t) {
      if (t < first || t >= last) return -1;
      let lo = 0;
      let hi = periods.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (periods[mid]!.start <= t) lo = mid;
        else hi = mid - 1;
      }
      return t < periods[lo]!.end ? lo : -1;
    },
  };
}
