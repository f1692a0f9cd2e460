import type { Executor } from '../../db/client';
import { hotQuery } from '../../db/hot-sql';
import type { ReleasedFirmware } from './firmware';

/**
 * What every sync answer's firmware advice reads (a model's minimum and its published versions), kept
 * in process (issue 17: two statements of each sync for a catalog that changes a few times a year).
 * A publish or a required mark through this server's catalog (firmware-catalog.ts, the seed at start)
 * forgets it at once. Another server's change (several app servers, the CLI) is seen within TTL_MS:
 * the advice is a hint the device acts on at a later sync anyway, and a 30 s lag costs less than one
 * statement per sync or a version check (itself a statement). Keyed by database, so test apps and the
 * CLI never share entries.
 */
const TTL_MS = 30_000;

export interface FirmwareFacts {
  /** undefined when the model is unknown (the advice then takes '0'). */
  minFirmware: string | undefined;
  released: ReleasedFirmware[];
}

const MODEL_FIRMWARE = {
  name: 'device-model-firmware',
  text: `SELECT m.min_firmware, f.version, f.required, f.file_url, f.sha256
    FROM device_models m LEFT JOIN firmware_versions f ON f.model_id = m.id
    WHERE m.id = $1::text`,
};
interface Row {
  min_firmware: string;
  version: string | null;
  required: boolean | null;
  file_url: string | null;
  sha256: string | null;
}

const caches = new WeakMap<object, Map<string, { until: number; facts: FirmwareFacts }>>();
const cacheOf = (db: object) => {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
};

/** The model's firmware facts, from the cache or one statement (run in `tx` when given). */
export async function firmwareFacts(db: object, modelId: string, tx: Executor): Promise<FirmwareFacts> {
  const cache = cacheOf(db);
  const hit = cache.get(modelId);
  const now = performance.now();
  if (hit && hit.until > now) return hit.facts;
  const rows = await hotQuery<Row>(tx, MODEL_FIRMWARE, [modelId]);
  const facts: FirmwareFacts = {
    minFirmware: rows[0]?.min_firmware,
    released: rows
      .filter((r) => r.version !== null)
      .map((r) => ({
        version: r.version as string,
        required: r.required === true,
        fileUrl: r.file_url,
        sha256: r.sha256,
      })),
  };
  cache.set(modelId, { until: now + TTL_MS, facts });
  return facts;
}

/** The catalog changed through this database handle: the next sync reads it again. */
export function forgetFirmwareFacts(db: object): void {
  caches.get(db)?.clear();
}
