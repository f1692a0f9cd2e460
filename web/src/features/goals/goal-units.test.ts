import { describe, expect, it } from 'vitest';
import { imperialSystem, metricSystem } from '../health/units';
import { goalFromInput, goalInputUnit, goalPercent, goalToInput } from './goal-units';

describe('goal units', () => {
  it('takes steps as a whole count', () => {
    expect(goalFromInput('steps', '10000', metricSystem)).toEqual({ value: 10000 });
    expect(goalFromInput('steps', '10000.5', metricSystem)).toMatchObject({ problem: 'whole' });
    expect(goalFromInput('steps', '12', metricSystem)).toMatchObject({
      problem: 'range',
      min: 100,
      max: 100000,
    });
    expect(goalFromInput('steps', 'abc', metricSystem)).toMatchObject({ problem: 'number' });
    expect(goalFromInput('steps', '', metricSystem)).toMatchObject({ problem: 'number' });
  });

  it('takes sleep in hours (with a French decimal comma) and stores seconds', () => {
    expect(goalInputUnit('sleep_duration', metricSystem)).toBe('h');
    expect(goalFromInput('sleep_duration', '7,5', metricSystem)).toEqual({ value: 27000 });
    expect(goalToInput('sleep_duration', 27000, metricSystem)).toBe(7.5);
    expect(goalFromInput('sleep_duration', '20', metricSystem)).toMatchObject({
      problem: 'range',
      min: 1,
      max: 16,
    });
  });

  it('takes weight in the preferred mass unit and stores kg', () => {
    expect(goalInputUnit('weight', imperialSystem)).toBe('lb');
    expect(goalFromInput('weight', '160', imperialSystem)).toEqual({ value: 72.6 });
    expect(goalToInput('weight', 72.6, imperialSystem)).toBe(160.1);
    expect(goalFromInput('weight', '72.5', metricSystem)).toEqual({ value: 72.5 });
    expect(goalFromInput('weight', '900', imperialSystem)).toMatchObject({ problem: 'range' });
  });

  it('caps progress between 0 and 100 percent', () => {
    expect(goalPercent(5000, 10000)).toBe(50);
    expect(goalPercent(15000, 10000)).toBe(100);
    expect(goalPercent(5000, 0)).toBe(0);
  });
});
