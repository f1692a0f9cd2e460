import { describe, expect, it } from 'vitest';
import { addDays, dayWindow, parseDay, readingParts } from './readings';
import { formatMeasure, metricSystem, imperialSystem } from './units';

const fmt = (metric: string, value: number) => formatMeasure(metric, value, metricSystem, 'en');

describe('a reading as a person reads it', () => {
  it('puts the weight of a weigh-in first, then its details', () => {
    const parts = readingParts(
      [
        { metric: 'fat_ratio', value: 21.4 },
        { metric: 'bone_mass', value: 3.1 },
        { metric: 'weight', value: 80.24 },
      ],
      fmt,
    );
    expect(parts.map((p) => [p.metric, p.text])).toEqual([
      ['weight', '80.2 kg'],
      ['fat_ratio', '21.4%'],
      ['bone_mass', '3.1 kg'],
    ]);
  });

  it('reads a blood pressure as "117/80 mmHg" with its pulse unnamed', () => {
    const parts = readingParts(
      [
        { metric: 'heart_rate', value: 60 },
        { metric: 'diastolic_bp', value: 80.2 },
        { metric: 'systolic_bp', value: 117 },
      ],
      fmt,
    );
    expect(parts).toEqual([
      { metric: 'blood_pressure', text: '117/80 mmHg', named: true },
      { metric: 'heart_rate', text: '60 bpm', named: false },
    ]);
    expect(parts.map((p) => p.text).join(' · ')).toBe('117/80 mmHg · 60 bpm');
  });

  it("uses the user's units", () => {
    const lb = readingParts([{ metric: 'weight', value: 80 }], (m, v) =>
      formatMeasure(m, v, imperialSystem, 'fr'),
    );
    expect(lb[0]!.text).toBe('176,4 lb');
  });
});

describe('paging the timeline by day', () => {
  it('steps days across months and years', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('takes only real dates from the URL', () => {
    expect(parseDay('2026-02-28')).toBe('2026-02-28');
    expect(parseDay('2026-02-30')).toBeUndefined();
    expect(parseDay('yesterday')).toBeUndefined();
    expect(parseDay(null)).toBeUndefined();
  });

  it('asks for every instant that can be on that local day, whatever the offset', () => {
    expect(dayWindow('2026-03-29')).toEqual({
      from: '2026-03-28T10:00:00.000Z',
      to: '2026-03-30T12:00:00.000Z',
    });
  });
});
