/** Firmware versions are dotted numbers ("2.10.1"); compared part by part, missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export const firmwareVersionPattern = /^\d{1,4}(\.\d{1,4}){0,3}$/;

export interface FirmwareAdvice {
  current: string;
  latest: string;
  minimum: string;
  /** A newer version exists. */
  updateAvailable: boolean;
  /** The current version is below the model's minimum: the device must update (its data is still accepted). */
  updateRequired: boolean;
}

/** What the sync answer tells a device about its firmware. */
export function firmwareAdvice(
  current: string,
  minimum: string,
  released: readonly string[],
): FirmwareAdvice {
  const latest = [...released, minimum].reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
  return {
    current,
    latest,
    minimum,
    updateAvailable: compareVersions(latest, current) > 0,
    updateRequired: compareVersions(current, minimum) < 0,
  };
}
