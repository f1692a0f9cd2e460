import { getMetric } from '@vitalbase/core';
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

/** `getdevice`: the user's paired devices. */
export async function getdevice(repo: Pick<WbsapiRepo, 'devices' | 'timeZoneOf'>, userId: string) {
  const zone = await repo.timeZoneOf(userId);
  const rows = await repo.devices(userId);
  return {
    devices: rows.map(({ device, modelName }) => ({
      type: deviceTypes[device.kind] ?? 'unknown',
      battery: batteryWord(device.battery),
      model: modelName ?? device.modelId,
      model_id: null,
      timezone: zone,
      first_session_date: toUnix(device.activatedAt),
      last_session_date: device.lastSyncAt ? toUnix(device.lastSyncAt) : null,
      deviceid: device.id,
      hash_deviceid: device.id,
    })),
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
