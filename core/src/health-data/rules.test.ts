import { describe, expect, it } from 'vitest';
import { chooseBucketSeconds, downsample } from './downsample';
import { bmi, classifyBloodPressure, restingHeartRate, sleepSummary } from './rules';
import { localDate, localPeriods } from './time';

describe('health rules', () => {
  it('computes BMI', () => {
    expect(bmi(81, 1.8)).toBe(25);
    expect(bmi(70, 1.75)).toBe(22.9);
  });

  it('classifies blood pressure per the 2017 ACC/AHA guideline, by the worse of the two', () => {
    expect(classifyBloodPressure(119, 79)).toBe('normal');
    expect(classifyBloodPressure(120, 79)).toBe('elevated');
    expect(classifyBloodPressure(129, 79)).toBe('elevated');
    expect(classifyBloodPressure(130, 70)).toBe('hypertension_stage_1');
    expect(classifyBloodPressure(118, 80)).toBe('hypertension_stage_1');
    expect(classifyBloodPressure(139, 89)).toBe('hypertension_stage_1');
    expect(classifyBloodPressure(140, 70)).toBe('hypertension_stage_2');
    expect(classifyBloodPressure(110, 90)).toBe('hypertension_stage_2');
    expect(classifyBloodPressure(180, 120)).toBe('hypertension_stage_2');
    expect(classifyBloodPressure(181, 100)).toBe('hypertensive_crisis');
    expect(classifyBloodPressure(150, 121)).toBe('hypertensive_crisis');
  });

  it('derives resting heart rate from the lowest tenth, and nothing from under an hour', () => {
    expect(restingHeartRate(Array.from({ length: 59 }, () => 60))).toBeNull();
    const values = [...Array.from({ length: 10 }, () => 50), ...Array.from({ length: 90 }, () => 90)];
    expect(restingHeartRate(values)).toBe(50);
  });

  it('summarises a night', () => {
    const h = 3600_000;
    const s = sleepSummary({ start: 0, end: 8 * h }, [
      { stage: 'light', start: 0.5 * h, end: 3 * h },
      { stage: 'awake', start: 3 * h, end: 3.25 * h },
      { stage: 'deep', start: 3.25 * h, end: 5 * h },
      { stage: 'rem', start: 5 * h, end: 8 * h },
    ]);
    expect(s).toMatchObject({
      inBedSeconds: 28800,
      asleepSeconds: 26100,
      latencySeconds: 1800,
      wakeUps: 1,
      deepSeconds: 6300,
    });
    expect(s.efficiency).toBeCloseTo(26100 / 28800, 3);
    expect(s.score).toBeGreaterThan(70);
    expect(s.score).toBeLessThanOrEqual(100);
    expect(sleepSummary({ start: 0, end: h }, []).score).toBe(0);
  });

  it('counts overlapping snoring events once (their union), in any order', () => {
    const m = 60_000;
    // Two sources reported the same snoring: 0–10 min and 5–15 min overlap; 20–25 min stands apart,
    // 21–22 min lies inside it.
    const s = sleepSummary(
      { start: 0, end: 60 * m },
      [],
      [
        { start: 20 * m, end: 25 * m },
        { start: 5 * m, end: 15 * m },
        { start: 0, end: 10 * m },
        { start: 21 * m, end: 22 * m },
      ],
    );
    expect(s.snoringSeconds).toBe(20 * 60);
    expect(s.snoringEpisodes).toBe(2);
  });
});

describe('local days', () => {
  it('gives a 23-hour and a 25-hour day at the DST changes', () => {
    const [spring] = localPeriods('2026-03-29', '2026-03-29', 'day', 'Europe/Paris');
    expect((spring!.end - spring!.start) / 3600_000).toBe(23);
    const [autumn] = localPeriods('2026-10-25', '2026-10-25', 'day', 'Europe/Paris');
    expect((autumn!.end - autumn!.start) / 3600_000).toBe(25);
    expect(localDate(Date.parse('2026-06-10T02:30:00Z'), 'America/New_York')).toBe('2026-06-09');
  });
  it('starts weeks on Monday and months on the 1st', () => {
    expect(localPeriods('2026-03-28', '2026-03-30', 'week', 'UTC').map((p) => p.period)).toEqual([
      '2026-03-23',
      '2026-03-30',
    ]);
    expect(localPeriods('2026-01-15', '2026-03-01', 'month', 'UTC').map((p) => p.period)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
    ]);
  });
});

describe('downsampling', () => {
  it('never makes more than 2,000 buckets', () => {
    for (const days of [0.01, 1, 7, 30, 365, 3650, 36500]) {
      const size = chooseBucketSeconds(0, days * 86400_000);
      expect((days * 86400) / size).toBeLessThanOrEqual(2000);
    }
    expect(chooseBucketSeconds(0, 86400_000)).toBe(60);
  });
  it('folds points into min/max/mean/count', () => {
    const pts = [
      { t: 0, v: 1 },
      { t: 30_000, v: 3 },
      { t: 60_000, v: 10 },
      { t: 120_000, v: 99 },
    ];
    expect(downsample(pts, 0, 120_000, 60)).toEqual([
      { start: 0, min: 1, max: 3, mean: 2, count: 2 },
      { start: 60_000, min: 10, max: 10, mean: 10, count: 1 },
    ]);
  });
});
