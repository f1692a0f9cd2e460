import { describe, expect, it } from 'vitest';
import { MinutePacker, NightGrouper } from './apple-health-packing';

describe('MinutePacker', () => {
  it('adds a total within a source, keeps the larger of two sources, and starts an item per local day', () => {
    const steps = new MinutePacker('steps', 'steps');
    expect(steps.add('2026-11-02T09:00:10-08:00', 120, 'phone', 1)).toBeUndefined();
    steps.add('2026-11-02T09:00:50-08:00', 5, 'phone', 2);
    steps.add('2026-11-02T09:02:00-08:00', 40, 'phone', 3);
    steps.add('2026-11-02T09:00:00-08:00', 100, 'watch', 4);
    const first = steps.add('2026-11-03T00:10:00-08:00', 7, 'watch', 5);
    expect(first).toEqual({
      kind: 'series',
      line: 1,
      metric: 'steps',
      unit: 'steps',
      start: '2026-11-02T09:00:00-08:00',
      intervalSeconds: 60,
      values: [125, null, 40],
    });
    expect(steps.flush()).toMatchObject({ start: '2026-11-03T00:10:00-08:00', values: [7], line: 5 });
    expect(steps.flush()).toBeUndefined();
  });

  it("keeps a rate's last sample of the minute, and a new offset starts a new item", () => {
    const hr = new MinutePacker('heart_rate', 'bpm');
    hr.add('2026-03-08T01:59:05-08:00', 60, 'watch', 1);
    hr.add('2026-03-08T01:59:35-08:00', 64, 'watch', 2);
    const before = hr.add('2026-03-08T03:00:00-07:00', 70, 'watch', 3);
    expect(before).toMatchObject({ start: '2026-03-08T01:59:00-08:00', values: [64] });
    expect(hr.flush()).toMatchObject({ start: '2026-03-08T03:00:00-07:00', values: [70] });
  });
});

describe('NightGrouper', () => {
  it('groups samples less than an hour apart into a night and leaves out an overlapping stage', () => {
    const nights = new NightGrouper();
    nights.add('2026-11-01T23:00:00-08:00', '2026-11-02T01:00:00-08:00', 'light', 1);
    nights.add('2026-11-01T23:30:00-08:00', '2026-11-02T00:30:00-08:00', 'deep', 2);
    nights.add('2026-11-02T01:00:00-08:00', '2026-11-02T06:00:00-08:00', null, 3);
    const night = nights.add('2026-11-02T22:00:00-08:00', '2026-11-02T23:00:00-08:00', 'rem', 4);
    expect(night).toEqual({
      kind: 'session',
      line: 1,
      type: 'sleep',
      start: '2026-11-01T23:00:00-08:00',
      end: '2026-11-02T06:00:00-08:00',
      stages: [{ stage: 'light', start: '2026-11-01T23:00:00-08:00', end: '2026-11-02T01:00:00-08:00' }],
    });
    expect(nights.flush()).toMatchObject({ start: '2026-11-02T22:00:00-08:00', stages: [{ stage: 'rem' }] });
  });
});
