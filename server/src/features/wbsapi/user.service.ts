import { getMetric } from '@vitalbase/core';
import { optionalModelId } from './device-models';
import { zoneNameFor } from './time-zone';
import { toUnix } from './wbsapi-params';
import type { WbsapiRepo } from './wbsapi.repo';
import { toWithingsValue } from './withings-values';

/** Our device kinds → the original's device `type` names. */
const deviceTypes: Record<string, string> = {
  scale: 'Scale',
  watch: 'Activity Tracker',
  bp_monitor: 'Blood Pressure Monitor',
  thermometer: 'Smart Connected Thermometer',
  sleep_analyzer: 'Sleep Monitor',
  air_quality: 'Air Quality Monitor',
};

/** The original's battery words: high above 75 %, medium from 30 %, low below. */
function batteryWord(percent: number | null): 'high' | 'medium' | 'low' | 'unknown' {
  if (percent === null) return 'unknown';
  if (percent > 75) return 'high';
  if (percent >= 30) return 'medium';
  return 'low';
}

/**
 * `getdevice`: the user's paired devices. `first_session_date` is the device's first data (the
 * pairing date before it has any), `timezone` the zone of its latest data (the user's zone when that
 * matches the offset it recorded, else a fixed-offset zone), `last_session_date` its last sync
 * (else its latest data, else the pairing: the reference types it an integer).
 */
export async function getdevice(
  repo: Pick<WbsapiRepo, 'devices' | 'timeZoneOf' | 'deviceSpans'>,
  userId: string,
) {
  const zone = await repo.timeZoneOf(userId);
  const rows = await repo.devices(userId);
  const spans = await repo.deviceSpans(
    userId,
    rows.map((r) => r.device.id),
  );
  return {
    devices: rows.map(({ device, modelName }) => {
      const span = spans.get(device.id);
      return {
        type: deviceTypes[device.kind] ?? 'unknown',
        battery: batteryWord(device.battery),
        model: modelName ?? device.modelId,
        ...optionalModelId(device.modelId),
        timezone: span ? zoneNameFor(zone, span.lastAt.getTime(), span.lastOffsetMinutes) : zone,
        first_session_date: toUnix(span?.firstAt ?? device.activatedAt),
        last_session_date: toUnix(device.lastSyncAt ?? span?.lastAt ?? device.activatedAt),
        deviceid: device.id,
        hash_deviceid: device.id,
      };
    }),
  };
}

/** `getgoals`: steps per day, sleep seconds per night, weight as a `{ value, unit }` pair; unset goals absent. */
export async function getgoals(repo: Pick<WbsapiRepo, 'goals'>, userId: string) {
  const goals: Record<string, unknown> = {};
  for (const g of await repo.goals(userId)) {
    if (g.kind === 'steps') goals.steps = Math.round(g.value);
    if (g.kind === 'sleep_duration') goals.sleep = Math.round(g.value);
    if (g.kind === 'weight') goals.weight = toWithingsValue(g.value, getMetric('weight')?.decimals ?? 3);
  }
  return { goals };
}
