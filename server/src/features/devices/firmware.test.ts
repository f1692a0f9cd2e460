import { describe, expect, it } from 'vitest';
import { compareVersions, firmwareAdvice, type ReleasedFirmware } from './firmware';

const release = (version: string, more: Partial<ReleasedFirmware> = {}): ReleasedFirmware => ({
  version,
  required: false,
  fileUrl: null,
  sha256: null,
  ...more,
});
const file = (version: string) => ({ fileUrl: `https://fw.example/${version}.bin`, sha256: 'ab'.repeat(32) });

describe('firmware versions', () => {
  it('compares part by part, numerically', () => {
    expect(compareVersions('2.10.0', '2.9.9')).toBe(1);
    expect(compareVersions('2.0', '2.0.0')).toBe(0);
    expect(compareVersions('1.4.2', '2.0.0')).toBe(-1);
  });

  it('tells an old device to update, and an up-to-date one nothing', () => {
    expect(
      firmwareAdvice(
        '1.4.2',
        '2.0.0',
        ['1.4.2', '2.0.0', '2.1.0'].map((v) => release(v)),
      ),
    ).toEqual({
      current: '1.4.2',
      latest: '2.1.0',
      minimum: '2.0.0',
      updateAvailable: true,
      updateRequired: true,
      offer: null,
    });
    const fresh = firmwareAdvice('2.1.0', '2.0.0', [release('2.0.0'), release('2.1.0')]);
    expect(fresh.updateAvailable).toBe(false);
    expect(fresh.updateRequired).toBe(false);
    const between = firmwareAdvice('2.0.0', '2.0.0', [release('2.0.0'), release('2.1.0')]);
    expect(between).toMatchObject({ updateAvailable: true, updateRequired: false });
  });

  it('offers the newest version above the current one that has a file, required when a required one is above', () => {
    const released = [
      release('2.0.0', { ...file('2.0.0'), required: true }),
      release('2.1.0', file('2.1.0')),
      release('2.2.0'), // announced, no file yet: not offered
    ];
    expect(firmwareAdvice('1.9.0', '1.0.0', released)).toMatchObject({
      minimum: '2.0.0',
      latest: '2.2.0',
      updateRequired: true,
      offer: {
        version: '2.1.0',
        url: 'https://fw.example/2.1.0.bin',
        sha256: 'ab'.repeat(32),
        required: true,
      },
    });
    expect(firmwareAdvice('2.0.5', '1.0.0', released)).toMatchObject({
      updateRequired: false,
      offer: { version: '2.1.0', required: false },
    });
    expect(firmwareAdvice('2.1.0', '1.0.0', released).offer).toBeNull();
  });
});
