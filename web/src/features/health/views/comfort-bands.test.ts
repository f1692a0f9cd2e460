import { describe, expect, it } from 'vitest';
import { comfortBands, comfortOf } from './comfort-bands';

describe('comfort bands of the bedroom sensor', () => {
  it('places values in their band, the upper bound belonging to the next one', () => {
    expect(comfortOf('co2', 650)?.comfort).toBe('good');
    expect(comfortOf('co2', 1000)?.comfort).toBe('fair');
    expect(comfortOf('co2', 2400)?.comfort).toBe('poor');
    expect(comfortOf('noise', 28)?.comfort).toBe('good');
    expect(comfortOf('noise', 52)?.comfort).toBe('poor');
    expect(comfortOf('room_temperature', 18.5)?.comfort).toBe('good');
    expect(comfortOf('room_temperature', 21)?.comfort).toBe('fair');
    expect(comfortOf('humidity', 45)?.comfort).toBe('good');
    expect(comfortOf('humidity', 25)?.comfort).toBe('poor');
    expect(comfortOf('weight', 70)).toBeUndefined();
  });

  it('covers every value once: bands are contiguous, open at both ends', () => {
    for (const [metric, bands] of Object.entries(comfortBands)) {
      expect(bands[0]?.from, metric).toBeNull();
      expect(bands.at(-1)?.to, metric).toBeNull();
      for (let i = 1; i < bands.length; i++) expect(bands[i]?.from, metric).toBe(bands[i - 1]?.to);
    }
  });
});
