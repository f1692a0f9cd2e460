import { getMetric } from '@vitalbase/core';
import type { ImportItem } from './import-item';

type Series = Extract<ImportItem, { kind: 'series' }>;
type Session = Extract<ImportItem, { kind: 'session' }>;
const MINUTES_A_DAY = 1440;

/**
 * Samples of one metric packed into one-minute series, one item per local day (the day and offset the
 * sample was written with): a value lands in the minute its start falls in. A total (steps, distance,
 * energy) adds up within a source, and where two sources (a phone and a watch counting the same walk)
 * both hold a minute the larger is kept, not their sum; a rate keeps the minute's last sample.
 * Memory: one day of slots per metric and source.
 */
export class MinutePacker {
  private day: string | undefined;
  private offset = '';
  private line = 0;
  private bySource = new Map<string, Array<number | null>>();
  private readonly sum: boolean;

  constructor(
    private readonly metric: string,
    private readonly unit: string,
  ) {
    this.sum = getMetric(metric)!.dailyAggregate === 'sum';
  }

  /** `iso` is "YYYY-MM-DDTHH:MM:SS±hh:mm"; returns the previous day's item when this sample starts another. */
  add(iso: string, value: number, source: string, line: number): Series | undefined {
    const day = iso.slice(0, 10);
    const offset = iso.slice(19);
    const done = day !== this.day || offset !== this.offset ? this.flush() : undefined;
    if (!this.day) {
      this.day = day;
      this.offset = offset;
      this.line = line;
    }
    const slot = Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
    let slots = this.bySource.get(source);
    if (!slots) {
      slots = new Array<number | null>(MINUTES_A_DAY).fill(null);
      this.bySource.set(source, slots);
    }
    slots[slot] = this.sum ? (slots[slot] ?? 0) + value : value;
    return done;
  }

  flush(): Series | undefined {
    const day = this.day;
    const sources = [...this.bySource.values()];
    this.day = undefined;
    this.bySource = new Map();
    if (!day || !sources.length) return undefined;
    const merged = new Array<number | null>(MINUTES_A_DAY).fill(null);
    for (const slots of sources)
      slots.forEach((v, i) => {
        if (v !== null) merged[i] = this.sum ? Math.max(merged[i] ?? 0, v) : v;
      });
    const first = merged.findIndex((v) => v !== null);
    let last = MINUTES_A_DAY - 1;
    while (merged[last] === null) last -= 1;
    const hh = String(Math.floor(first / 60)).padStart(2, '0');
    const mm = String(first % 60).padStart(2, '0');
    return {
      kind: 'series',
      line: this.line,
      metric: this.metric,
      unit: this.unit,
      start: `${day}T${hh}:${mm}:00${this.offset}`,
      intervalSeconds: 60,
      values: merged.slice(first, last + 1),
    };
  }
}

const NIGHT_GAP_MS = 60 * 60_000;
type Stage = NonNullable<Session['stages']>[number];

/**
 * Sleep samples into nights: samples less than an hour apart make one night, from the first start to
 * the last end. Stages come from the staged values; one overlapping an earlier stage (a second app
 * recording the same night) is left out, as the night's span already holds it.
 */
export class NightGrouper {
  private night: { line: number; start: string; end: string; endMs: number; stages: Stage[] } | undefined;

  add(start: string, end: string, stage: Stage['stage'] | null, line: number): Session | undefined {
    const startMs = Date.parse(start);
    const endMs = Date.parse(end);
    let done: Session | undefined;
    if (this.night && startMs > this.night.endMs + NIGHT_GAP_MS) done = this.flush();
    if (!this.night) this.night = { line, start, end, endMs, stages: [] };
    else if (endMs > this.night.endMs) {
      this.night.end = end;
      this.night.endMs = endMs;
    }
    const lastStage = this.night.stages.at(-1);
    if (stage && endMs > startMs && (!lastStage || Date.parse(lastStage.end) <= startMs))
      this.night.stages.push({ stage, start, end });
    return done;
  }

  flush(): Session | undefined {
    const n = this.night;
    this.night = undefined;
    if (!n) return undefined;
    return {
      kind: 'session',
      line: n.line,
      type: 'sleep',
      start: n.start,
      end: n.end,
      ...(n.stages.length ? { stages: n.stages.slice(0, 2000) } : {}),
    };
  }
}
