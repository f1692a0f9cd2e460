import { classifyBloodPressure } from '@vitalbase/core/health-data/rules';
import { describe, expect, it } from 'vitest';
import { bandAt } from './bands';
import {
  averageOf,
  averagePeriodFor,
  bpRows,
  diastolicBands,
  formatBp,
  pageOf,
  periodAverages,
  periodStart,
  systolicBands,
} from './bp-readings';

const reading = (
  id: string,
  takenAt: string,
  offset: number,
  sys?: number,
  dia?: number,
  pulse?: number,
) => ({
  id,
  takenAt,
  utcOffsetMinutes: offset,
  source: 'device',
  deviceId: null,
  clientRef: null,
  createdAt: takenAt,
  updatedAt: takenAt,
  measures: [
    ...(sys === undefined ? [] : [{ metric: 'systolic_bp', value: sys, unit: 'mmHg' }]),
    ...(dia === undefined ? [] : [{ metric: 'diastolic_bp', value: dia, unit: 'mmHg' }]),
    ...(pulse === undefined ? [] : [{ metric: 'heart_rate', value: pulse, unit: 'bpm' }]),
  ],
});

describe('blood pressure readings', () => {
  it('reads a reading as systolic/diastolic with its pulse and category, newest first', () => {
    const rows = bpRows([
      reading('a', '2026-11-02T06:30:00Z', 60, 117, 80, 61),
      reading('b', '2026-11-03T06:30:00Z', 60, 142, 85),
      reading('c', '2026-11-04T06:30:00Z', 60, undefined, 80),
    ]);
    expect(rows.map((r) => [r.id, formatBp(r.systolic, r.diastolic), r.pulse, r.category])).toEqual([
      ['b', '142/85', undefined, 'hypertension_stage_2'],
      ['a', '117/80', 61, 'hypertension_stage_1'],
    ]);
  });

  it('averages per local day of the reading, not per UTC day', () => {
    // 23:30 UTC on the 2nd is 00:30 on the 3rd in Paris (+01:00): it counts for the 3rd.
    const rows = bpRows([
      reading('a', '2026-11-02T23:30:00Z', 60, 120, 80, 60),
      reading('b', '2026-11-03T07:00:00Z', 60, 131, 85),
      reading('c', '2026-11-02T07:00:00Z', 60, 110, 70, 70),
    ]);
    expect(periodAverages(rows, 'day')).toEqual([
      { start: '2026-11-03', count: 2, systolic: 126, diastolic: 83, pulse: 60 },
      { start: '2026-11-02', count: 1, systolic: 110, diastolic: 70, pulse: 70 },
    ]);
    expect(periodAverages(rows, 'week')).toEqual([
      { start: '2026-11-02', count: 3, systolic: 120, diastolic: 78, pulse: 65 },
    ]);
    expect(periodAverages(rows, 'month')[0]?.start).toBe('2026-11-01');
    // The whole period: every reading once; the pulse over the readings that have one.
    expect(averageOf(rows)).toEqual({ start: '', count: 3, systolic: 120, diastolic: 78, pulse: 65 });
    expect(averageOf([])).toBeUndefined();
  });

  it('starts weeks on Monday and picks the period from the range', () => {
    expect(periodStart('2026-11-08', 'week')).toBe('2026-11-02'); // a Sunday
    expect(periodStart('2026-11-02', 'week')).toBe('2026-11-02'); // a Monday
    expect(periodStart('2026-11-19', 'month')).toBe('2026-11-01');
    expect(['day', 'week', 'month', 'year', 'all'].map(averagePeriodFor)).toEqual([
      'day',
      'day',
      'week',
      'month',
      'month',
    ]);
  });

  it('pages a list, clamping the page asked', () => {
    const list = Array.from({ length: 45 }, (_, i) => i);
    expect(pageOf(list, 0, 20)).toEqual({ items: list.slice(0, 20), pages: 3 });
    expect(pageOf(list, 2, 20).items).toEqual([40, 41, 42, 43, 44]);
    expect(pageOf(list, 9, 20).items).toEqual([40, 41, 42, 43, 44]);
    expect(pageOf([], 0, 20)).toEqual({ items: [], pages: 1 });
  });

  it('draws bands that agree with the guideline classification', () => {
    // Systolic alone (diastolic normal), then diastolic alone (systolic normal).
    for (let sys = 60; sys <= 230; sys++) {
      expect(bandAt(systolicBands, sys)?.category, `${sys}/60`).toBe(classifyBloodPressure(sys, 60));
    }
    for (let dia = 30; dia <= 150; dia++) {
      expect(bandAt(diastolicBands, dia)?.category, `100/${dia}`).toBe(classifyBloodPressure(100, dia));
    }
  });
});
