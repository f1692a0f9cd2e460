import { describe, expect, it } from 'vitest';
import {
  barSegments,
  barsTopHours,
  hourTicks,
  hypnogramBlocks,
  nightsOf,
  nightsWithin,
  stagePercent,
} from './sleep-nights';

const MIN = 60_000;
const at = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * MIN).toISOString();

/** A night in Paris (+01:00) from 22:40: 10 min awake, 60 light, 50 deep, 30 REM, 5 awake, 45 light, in bed 200 min. */
function session(id: string, base = '2026-11-02T21:40:00Z') {
  const spans: Array<[string, number]> = [
    ['awake', 10],
    ['light', 60],
    ['deep', 50],
    ['rem', 30],
    ['awake', 5],
    ['light', 45],
  ];
  let t = 0;
  const stages = spans.map(([stage, m]) => {
    const s = { stage, start: at(base, t), end: at(base, t + m) };
    t += m;
    return s;
  });
  return {
    id,
    type: 'sleep' as const,
    start: base,
    end: at(base, 200),
    utcOffsetMinutes: 60,
    source: 'device',
    deviceId: null,
    workoutType: null,
    stages,
    events: [{ type: 'snoring', start: at(base, 80), end: at(base, 90) }],
    metrics: [],
    route: [],
    updatedAt: base,
  };
}

describe('sleep nights', () => {
  it('totals each stage, the efficiency and the time to fall asleep of a night', () => {
    const [night] = nightsOf([session('n1')]);
    const s = night!.summary;
    expect(night!.fromServer).toBe(false);
    expect([s.inBedSeconds, s.asleepSeconds, s.awakeSeconds]).toEqual([200 * 60, 185 * 60, 15 * 60]);
    expect([s.lightSeconds, s.deepSeconds, s.remSeconds]).toEqual([105 * 60, 50 * 60, 30 * 60]);
    expect(s.latencySeconds).toBe(10 * 60);
    expect(s.efficiency).toBe(0.925);
    expect(s.wakeUps).toBe(1);
    expect(s.snoringEpisodes).toBe(1);
    expect(stagePercent(s, 'light')).toBe(53);
    expect(s.score).toBeGreaterThan(0);
  });

  it("takes the server's summary (and its score) when there is one, newest night first", () => {
    const server = { ...nightsOf([session('n2')])[0]!.summary, score: 77 };
    const nights = nightsOf(
      [session('n1', '2026-11-01T21:40:00Z'), session('n2')],
      [{ key: 'n2', details: { ...server, sessionStart: '2026-11-02T21:40:00Z' } }],
    );
    expect(nights.map((n) => [n.id, n.fromServer, n.summary.score])).toEqual([
      ['n2', true, 77],
      ['n1', false, nights[1]!.summary.score],
    ]);
    // A details record missing a field is not trusted: the night is recomputed.
    expect(nightsOf([session('n3')], [{ key: 'n3', details: { score: 5 } }])[0]?.fromServer).toBe(false);
  });

  it('counts a night for the local day it ends on, in its own offset', () => {
    // 23:40 UTC on the 2nd is 00:40 on the 3rd in Paris: the night of the 2nd to the 3rd.
    const late = session('late', '2026-11-02T20:20:00Z'); // ends 23:40 UTC
    const next = session('next', '2026-11-03T21:40:00Z'); // ends 01:00 UTC on the 4th
    const nights = nightsOf([late, next]);
    expect(nights.map((n) => [n.id, n.wakeDay])).toEqual([
      ['next', '2026-11-04'],
      ['late', '2026-11-03'],
    ]);
    expect(nightsWithin(nights, '2026-11-03', '2026-11-03').map((n) => n.id)).toEqual(['late']);
    expect(nightsWithin(nights, '2026-11-04', '2026-11-10').map((n) => n.id)).toEqual(['next']);
  });

  it('draws deep lowest and awake highest on the hypnogram', () => {
    const blocks = hypnogramBlocks(nightsOf([session('n1')])[0]!);
    expect(blocks.map((b) => [b.stage, b.level])).toEqual([
      ['awake', 3],
      ['light', 1],
      ['deep', 0],
      ['rem', 2],
      ['awake', 3],
      ['light', 1],
    ]);
  });

  it("puts the axis ticks on whole hours of the night's own local time", () => {
    const start = Date.parse('2026-11-02T21:40:00Z'); // 22:40 in Paris
    const end = start + 8 * 60 * MIN; // 06:40
    const local = (ms: number) => new Date(ms + 60 * MIN).toISOString().slice(11, 16);
    expect(hourTicks(start, end, 60).map(local)).toEqual([
      '23:00',
      '00:00',
      '01:00',
      '02:00',
      '03:00',
      '04:00',
      '05:00',
      '06:00',
    ]);
    expect(hourTicks(start, end, 60, 2).map(local)).toEqual(['00:00', '02:00', '04:00', '06:00']);
    // India (+05:30): ticks on its whole hours, not on UTC's.
    expect(
      hourTicks(start, start + 2 * 60 * MIN, 330).map((ms) =>
        new Date(ms + 330 * MIN).toISOString().slice(11, 16),
      ),
    ).toEqual(['04:00', '05:00']);
  });

  it('stacks the bars deep, light, REM, awake from the foot up to the time in bed', () => {
    const night = nightsOf([session('n1')])[0]!;
    expect(barSegments(night.summary).map((s) => [s.stage, s.from / 60, s.to / 60])).toEqual([
      ['deep', 0, 50],
      ['light', 50, 155],
      ['rem', 155, 185],
      ['awake', 185, 200],
    ]);
    expect(barsTopHours([night])).toBe(4);
    expect(barsTopHours([])).toBe(1);
  });
});
