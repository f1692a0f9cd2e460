/** Server-side downsampling: a chart gets at most `MAX_BUCKETS` buckets, whatever the range. */
export const MAX_BUCKETS = 2000;

/** Bucket sizes a chart can label: from a minute to a week. */
export const bucketSizesSeconds = [
  1,
  5,
  10,
  30,
  60,
  120,
  300,
  600,
  900,
  1800,
  3600,
  7200,
  10800,
  21600,
  43200,
  86400,
  2 * 86400,
  7 * 86400,
  14 * 86400,
  30 * 86400,
  91 * 86400,
  365 * 86400,
] as const;

/** The smallest bucket size that covers [from, to) in at most `maxBuckets` buckets. */
export function chooseBucketSeconds(fromMs: number, toMs: number, maxBuckets = MAX_BUCKETS): number {
  const range = Math.max(1, (toMs - fromMs) / 1000);
  for (const size of bucketSizesSeconds) if (range / size <= maxBuckets) return size;
  return Math.ceil(range / maxBuckets / 86400) * 86400;
}

export interface Bucket {
  /** Start of the bucket, ms since the epoch. */
  start: number;
  min: number;
  max: number;
  mean: number;
  count: number;
}

/**
 * Folds points into buckets aligned on `fromMs`; only buckets with points are returned, in order.
 * Works on any iterable so series days can be streamed through without building one big array.
 */
export function downsample(
  points: Iterable<{ t: number; v: number }>,
  fromMs: number,
  toMs: number,
  bucketSeconds: number,
): Bucket[] {
  const size = bucketSeconds * 1000;
  const acc = new Map<number, { min: number; max: number; sum: number; count: number }>();
  for (const { t, v } of points) {
    if (t < fromMs || t >= toMs) continue;
    const b = Math.floor((t - fromMs) / size);
    const a = acc.get(b);
    if (a) {
      if (v < a.min) a.min = v;
      if (v > a.max) a.max = v;
      a.sum += v;
      a.count++;
    } else acc.set(b, { min: v, max: v, sum: v, count: 1 });
  }
  return [...acc.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([b, a]) => ({
      start: fromMs + b * size,
      min: a.min,
      max: a.max,
      mean: a.sum / a.count,
      count: a.count,
    }));
}
