import { type DayChunk, eachPackedPoint } from './series-codec';

interface OtherDay {
  metric: string;
  day: string;
  intervalSeconds: number;
  firstSlot: number;
  width: 1 | 2 | 4;
  points: Uint8Array;
}

/**
 * An imported chunk of a series without the points another source already holds at the same instant
 * with the same value (compared at the metric's precision): a Withings archive of what the watch
 * already synced adds nothing. Undefined when no point is left. Pure.
 */
export function withoutKnownPoints(
  chunk: DayChunk,
  item: { metric: string; intervalSeconds: number },
  others: readonly OtherDay[],
  decimals: number,
): DayChunk | undefined {
  const step = item.intervalSeconds * 1000;
  const chunkStart = chunk.dayStart + chunk.firstSlot * step;
  const scale = 10 ** decimals;
  let values: Array<number | null> | undefined;
  for (const other of others) {
    if (other.metric !== item.metric || other.day !== chunk.day) continue;
    const otherStep = other.intervalSeconds * 1000;
    eachPackedPoint(other, decimals, (slot, value) => {
      const offset = chunk.dayStart + slot * otherStep - chunkStart;
      if (offset < 0 || offset % step !== 0) return;
      const i = offset / step;
      const mine = (values ?? chunk.values)[i];
      if (mine === null || mine === undefined) return;
      if (Math.round(mine * scale) !== Math.round(value * scale)) return;
      values ??= [...chunk.values];
      values[i] = null;
    });
  }
  if (!values) return chunk;
  let a = 0;
  let b = values.length - 1;
  while (a <= b && values[a] === null) a++;
  while (b >= a && values[b] === null) b--;
  if (a > b) return undefined;
  return { ...chunk, firstSlot: chunk.firstSlot + a, values: values.slice(a, b + 1) };
}
