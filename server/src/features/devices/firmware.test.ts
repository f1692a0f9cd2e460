import { describe, expect, it } from 'vitest';
import { compareVersions, firmwareAdvice } from './firmware';

describe('firmware versions', () => {
  it('compares part by part, numerically', () => {
    expect(compareVersions('2.10.0', '2.9.9')).toBe(1);
    expect(compareVersions('2.0', '2.0.0')).toBe(0);
    expect(compareVersions('1.4.2', '2.0.0')).toBe(-1);
  });

  it('tells an old device to update, and an up-to-date one nothing', () => {
    expect(firmwareAdvice('1.4.2', '2.0.0', ['1.4.2', '2.0.0', '2.1.0'])).toEqual({
      current: '1.4.2',
      latest: '2.1.0',
      minimum: '2.0.0',
      updateAvailable: true,
      updateRequired: true,
    });
    const fresh = firmwareAdvice('2.1.0', '2.0.0', ['2.0.0', '2.1.0']);
    expect(fresh.updateAvailable).toBe(false);
    expect(fresh.updateRequired).toBe(false);
    const between = firmwareAdvice('2.0.0', '2.0.0', ['2.0.0', '2.1.0']);
    expect(between).toMatchObject({ updateAvailable: true, updateRequired: false });
  });
});
