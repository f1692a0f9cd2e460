import { type DeviceKind, validateHealthItem } from '@vitalbase/core';
import { describe, expect, it } from 'vitest';
import {
  airQualitySeries,
  bloodPressureReadings,
  bodyTemperatureReadings,
  dayRangeEndingToday,
  heartRateSeries,
  householdPeople,
  isoWithOffset,
  sleepSessions,
  stepsSeries,
  weighIns,
} from './generators';

const now = new Date('2026-03-10T12:00:00Z');
const range = dayRangeEndingToday(now, 14, 60);
const [alex, sam] = householdPeople as [(typeof householdPeople)[0], (typeof householdPeople)[0]];

const cases: Array<[string, DeviceKind, unknown[]]> = [
  ['weigh-ins', 'scale', weighIns(1, alex, range)],
  ['heart rate', 'watch', heartRateSeries(1, alex, range)],
  ['steps', 'watch', stepsSeries(1, alex, range)],
  ['blood pressure', 'bp_monitor', bloodPressureReadings(1, alex, range)],
  ['sleep', 'sleep_analyzer', sleepSessions(1, alex, range)],
  ['temperature', 'thermometer', bodyTemperatureReadings(1, alex, range)],
  ['air', 'air_quality', airQualitySeries(1, range)],
];

describe('simulated data', () => {
  it('writes nights the server accepts over many seeds (no stage rounded to nothing)', () => {
    const long = dayRangeEndingToday(now, 365, 60);
    for (let seed = 1; seed <= 40; seed++) {
      for (const night of sleepSessions(seed, alex, long)) {
        const result = validateHealthItem(night, { source: 'device', deviceKind: 'sleep_analyzer', now });
        expect(result.ok ? [] : result.errors).toEqual([]);
      }
    }
  });

  it.each(cases)('%s pass the catalog rules for their device kind', (_name, kind, items) => {
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      const result = validateHealthItem(item, { source: 'device', deviceKind: kind, now });
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    expect(heartRateSeries(7, alex, range)).toEqual(heartRateSeries(7, alex, range));
    expect(heartRateSeries(7, alex, range)).not.toEqual(heartRateSeries(8, alex, range));
  });

  it('has a circadian heart rate (lower at night), a charging gap, and snoring only for a snorer', () => {
    const day = heartRateSeries(3, alex, range)[0]!.values;
    const mean = (xs: Array<number | null>) => {
      const v = xs.filter((x): x is number => x !== null);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    expect(mean(day.slice(120, 300))).toBeLessThan(mean(day.slice(600, 1080)) - 5);
    expect(day.filter((v) => v === null).length).toBe(50);
    expect(sleepSessions(3, alex, range).some((s) => (s.events ?? []).length > 0)).toBe(true);
    expect(sleepSessions(3, sam, range).every((s) => (s.events ?? []).length === 0)).toBe(true);
  });

  it('writes local times with their offset', () => {
    expect(isoWithOffset(Date.parse('2026-11-23T06:31:00Z'), 60)).toBe('2026-11-23T07:31:00+01:00');
    expect(isoWithOffset(Date.parse('2026-11-23T06:31:00Z'), -330)).toBe('2026-11-23T01:01:00-05:30');
  });
});
