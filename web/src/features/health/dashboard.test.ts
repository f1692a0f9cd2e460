import { describe, expect, it } from 'vitest';
import { groupCards, groupOf, signed, sparkPoints } from './dashboard';

describe('dashboard shaping', () => {
  it('groups cards as a person looks for them: body, heart, activity, sleep, environment', () => {
    const groups = groupCards([
      'steps',
      'noise',
      'heart_rate',
      'diastolic_bp',
      'systolic_bp',
      'fat_ratio',
      'weight',
      'battery',
      'sleep',
      'co2',
      'room_temperature',
      'spo2',
    ]);
    expect(groups).toEqual([
      { group: 'body', metrics: ['weight', 'fat_ratio'] },
      { group: 'heart', metrics: ['systolic_bp', 'heart_rate', 'spo2'] },
      { group: 'activity', metrics: ['steps'] },
      { group: 'sleep', metrics: ['sleep'] },
      { group: 'environment', metrics: ['room_temperature', 'co2', 'noise'] },
    ]);
  });

  it('puts device health and unknown metrics on no card', () => {
    expect(groupOf('wifi_signal')).toBeUndefined();
    expect(groupOf('no_such_metric')).toBeUndefined();
    expect(groupOf('body_temperature')).toBe('body');
    expect(groupOf('snoring')).toBe('sleep');
  });

  it('draws a sparkline in its box, skipping days without a value', () => {
    expect(sparkPoints([80, null, 82, 81], 60, 20)).toEqual([
      [0, 19],
      [40, 1],
      [60, 10],
    ]);
    expect(sparkPoints([5, 5], 10, 20)).toEqual([
      [0, 10],
      [10, 10],
    ]);
    expect(sparkPoints([null, null], 10, 20)).toEqual([]);
    // Two lines on one scale: diastolic below systolic.
    expect(sparkPoints([80, 80], 10, 20, { min: 80, max: 120 })).toEqual([
      [0, 19],
      [10, 19],
    ]);
  });

  it('writes a change with its sign, a true minus', () => {
    expect(signed('0.8 kg', -0.8)).toBe('\u22120.8 kg');
    expect(signed('-0.8 kg', -0.8)).toBe('\u22120.8 kg');
    expect(signed('1,200 steps', 1200)).toBe('+1,200 steps');
    expect(signed('0 kg', 0)).toBe('0 kg');
  });
});
