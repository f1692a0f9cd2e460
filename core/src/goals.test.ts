import { describe, expect, it } from 'vitest';
import { goalValueProblem, roundGoalValue } from './goals';

describe('goal values', () => {
  it('accepts values inside each kind range and refuses those outside', () => {
    expect(goalValueProblem('steps', 10000)).toBeNull();
    expect(goalValueProblem('steps', 99)).toMatch(/between 100 and 100000/);
    expect(goalValueProblem('steps', 100001)).not.toBeNull();
    expect(goalValueProblem('sleep_duration', 8 * 3600)).toBeNull();
    expect(goalValueProblem('sleep_duration', 17 * 3600)).not.toBeNull();
    expect(goalValueProblem('weight', 72.5)).toBeNull();
    expect(goalValueProblem('weight', 5)).not.toBeNull();
  });

  it('refuses non-finite values and fractions where only whole numbers make sense', () => {
    expect(goalValueProblem('steps', Number.NaN)).toBe('must be a number');
    expect(goalValueProblem('weight', Number.POSITIVE_INFINITY)).toBe('must be a number');
    expect(goalValueProblem('steps', 8000.5)).toBe('must be a whole number');
    expect(goalValueProblem('sleep_duration', 3600.2)).toBe('must be a whole number');
  });

  it('rounds a weight target to one decimal', () => {
    expect(roundGoalValue('weight', 72.36)).toBe(72.4);
    expect(roundGoalValue('steps', 8000)).toBe(8000);
  });
});
