import { describe, expect, it } from 'vitest';
import { appliOfMetric, DataChanges, grantsAppli } from './data-changes';

describe('what partners are told changed', () => {
  it('maps metrics to the original categories and ignores environment and technical data', () => {
    expect(appliOfMetric('weight')).toBe(1);
    expect(appliOfMetric('fat_ratio')).toBe(1);
    expect(appliOfMetric('systolic_bp')).toBe(4);
    expect(appliOfMetric('spo2')).toBe(4);
    expect(appliOfMetric('body_temperature')).toBe(4);
    expect(appliOfMetric('steps')).toBe(16);
    expect(appliOfMetric('sleep_stage')).toBe(44);
    expect(appliOfMetric('co2')).toBeUndefined();
    expect(appliOfMetric('battery')).toBeUndefined();
  });

  it('keeps one range per category, widened by every change', () => {
    const c = new DataChanges();
    expect(c.isEmpty).toBe(true);
    c.metric('weight', new Date('2026-01-02T08:00:00Z'));
    c.metric('fat_ratio', new Date('2026-01-01T08:00:00Z'));
    c.metric('steps', Date.parse('2026-01-03T10:00:00Z'));
    c.session('sleep', new Date('2026-01-02T22:00:00Z'), new Date('2026-01-03T06:30:00Z'));
    c.session('workout', new Date('2026-01-03T12:00:00Z'), new Date('2026-01-03T13:00:00Z'));
    c.metric('noise', new Date('2020-01-01T00:00:00Z'));
    expect(c.list()).toEqual([
      { appli: 1, start: new Date('2026-01-01T08:00:00Z'), end: new Date('2026-01-02T08:00:00Z') },
      { appli: 16, start: new Date('2026-01-03T10:00:00Z'), end: new Date('2026-01-03T13:00:00Z') },
      { appli: 44, start: new Date('2026-01-02T22:00:00Z'), end: new Date('2026-01-03T06:30:00Z') },
    ]);
  });

  it('tells a category only to an app granted a scope that opens it', () => {
    expect(grantsAppli(['user.metrics'], 1)).toBe(true);
    expect(grantsAppli(['user.metrics'], 16)).toBe(false);
    expect(grantsAppli(['user.sleepevents'], 44)).toBe(true);
    expect(grantsAppli(['patient/Observation.rs'], 4)).toBe(true);
    expect(grantsAppli(['user.info'], 1)).toBe(false);
    expect(grantsAppli([], 46)).toBe(true);
  });
});
