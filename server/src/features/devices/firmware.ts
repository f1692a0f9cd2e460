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

/** A published version of a model's firmware (firmware_versions), as the advice needs it. */
export interface ReleasedFirmware {
  version: string;
  required: boolean;
  fileUrl: string | null;
  sha256: string | null;
}

interface FirmwareOffer {
  version: string;
  url: string;
  sha256: string;
  required: boolean;
}

export interface FirmwareAdvice {
  current: string;
  latest: string;
  /** The model's minimum, raised by the highest version the operator marked required. */
  minimum: string;
  /** A newer version exists. */
  updateAvailable: boolean;
  /** The current version is below the minimum: the device must update (its data is still accepted). */
  updateRequired: boolean;
  /** What the device should fetch: the newest version above its own that has a file. */
  offer: FirmwareOffer | null;
}

const newest = (versions: string[]) => versions.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));

/** What the sync answer (and the user's device page) tells a device about its firmware. */
export function firmwareAdvice(
  current: string,
  modelMinimum: string,
  released: readonly ReleasedFirmware[],
): FirmwareAdvice {
  const minimum = newest([modelMinimum, ...released.filter((r) => r.required).map((r) => r.version)]);
  const latest = newest([minimum, ...released.map((r) => r.version)]);
  const updateRequired = compareVersions(current, minimum) < 0;
  const fetchable = released
    .filter((r) => r.fileUrl && r.sha256 && compareVersions(r.version, current) > 0)
    .sort((a, b) => compareVersions(b.version, a.version))[0];
  return {
    current,
    latest,
    minimum,
    updateAvailable: compareVersions(latest, current) > 0,
    updateRequired,
    offer: fetchable
      ? {
          version: fetchable.version,
          url: fetchable.fileUrl ?? '',
          sha256: fetchable.sha256 ?? '',
          required: updateRequired,
        }
      : null,
  };
}
