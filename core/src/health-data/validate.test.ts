import { describe, expect, it } from 'vitest';
import { deviceKinds, getMetric, metrics } from './catalog';
import { toCanonical } from './units';
import { validateHealthItem } from './validate';

const now = new Date('2026-11-23T12:00:00Z');

describe('catalog', () => {
  it('has unique ids, a canonical unit among the accepted ones, and a sane range', () => {
    expect(new Set(metrics.map((m) => m.id)).size).toBe(metrics.length);
    for (const m of metrics) {
      expect(Object.keys(m.units), m.id).toContain(m.unit);
      expect(m.range.min, m.id).toBeLessThan(m.range.max);
      for (const k of m.deviceKinds) expect(deviceKinds).toContain(k);
    }
  });
  it('never lets a scale produce blood pressure (P7), and keeps Withings codes', () => {
    expect(getMetric('systolic_bp')!.deviceKinds).not.toContain('scale');
    expect(getMetric('weight')!.deviceKinds).toEqual(['scale']);
    expect(getMetric('weight')!.withingsType).toBe(1);
    expect(getMetric('diastolic_bp')!.withingsType).toBe(9);
    expect(getMetric('weight')!.loinc).toBe('29463-7');
  });
  it('converts units', () => {
    expect(toCanonical(getMetric('weight')!.units, 'lb', 100)).toBeCloseTo(45.359237, 6);
    expect(toCanonical(getMetric('body_temperature')!.units, '°F', 98.6)).toBeCloseTo(37, 6);
    expect(toCanonical(getMetric('systolic_bp')!.units, 'kPa', 16)).toBeCloseTo(120.01, 2);
  });
});

describe('validateHealthItem', () => {
  const ctx = { source: 'device' as const, deviceKind: 'thermometer' as const, now };
  it('converts to canonical units and keeps the UTC offset', () => {
    const r = validateHealthItem(
      {
        kind: 'reading',
        takenAt: '2026-11-23T07:31:00-05:30',
        measures: [{ metric: 'body_temperature', value: 98.6, unit: '°F' }],
      },
      ctx,
    );
    expect(r).toEqual({
      ok: true,
      item: expect.objectContaining({
        utcOffsetMinutes: -330,
        measures: [{ metric: 'body_temperature', value: 37 }],
      }),
    });
  });
  it('refuses NaN and Infinity passed in process, and never echoes a value', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 'NaN', 1e308 * 10]) {
      const r = validateHealthItem(
        {
          kind: 'reading',
          takenAt: '2026-11-23T07:31:00Z',
          measures: [{ metric: 'body_temperature', value, unit: '°C' }],
        },
        ctx,
      );
      expect(r.ok).toBe(false);
    }
    const r = validateHealthItem(
      {
        kind: 'reading',
        takenAt: '2026-11-23T07:31:00Z',
        measures: [{ metric: 'body_temperature', value: 123.456, unit: '°C' }],
      },
      ctx,
    );
    // As a whole number: a random id in the text may hold the digits.
    expect(JSON.stringify(r)).not.toMatch(/\b123\b/);
  });
  it('refuses an invalid calendar date', () => {
    const r = validateHealthItem(
      {
        kind: 'reading',
        takenAt: '2026-02-30T07:31:00Z',
        measures: [{ metric: 'body_temperature', value: 37, unit: '°C' }],
      },
      ctx,
    );
    expect(r.ok).toBe(false);
  });
});
