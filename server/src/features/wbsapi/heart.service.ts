import { z } from 'zod';
import { optionalModelId } from './device-models';
import { zoneNameFor } from './time-zone';
import { offset, toUnix, unixTime } from './wbsapi-params';
import type { WbsapiRepo } from './wbsapi.repo';

const HEART_PAGE_SIZE = 200;

export const heartListParams = z.object({
  startdate: unixTime.optional(),
  enddate: unixTime.optional(),
  offset: offset.optional(),
});
export type HeartListParams = z.output<typeof heartListParams>;

/**
 * Heart `list`: the original lists ECG recordings with the blood pressure taken with them. We record
 * no ECG: each blood-pressure reading is an entry (with its pulse), newest first, without `ecg`. Its
 * integer `model` is the device's model number (device-models.ts), absent for a reading entered by hand.
 */
export async function heartList(
  repo: Pick<WbsapiRepo, 'measureGroups' | 'timeZoneOf' | 'devicesByIds'>,
  userId: string,
  p: HeartListParams,
  pageSize = HEART_PAGE_SIZE,
) {
  const zone = await repo.timeZoneOf(userId);
  const start = p.offset ?? 0;
  const rows = await repo.measureGroups(userId, {
    metrics: ['systolic_bp', 'diastolic_bp', 'heart_rate'],
    having: ['systolic_bp'],
    from: p.startdate,
    to: p.enddate,
    offset: start,
    limit: pageSize + 1,
  });
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  const labels = await repo.devicesByIds(
    userId,
    page.flatMap((r) => r.deviceId ?? []),
  );
  const series = page.flatMap((r) => {
    const value = (metric: string) => r.measures.find((m) => m.metric === metric)?.value;
    const systole = value('systolic_bp');
    const diastole = value('diastolic_bp');
    if (systole === undefined || diastole === undefined) return [];
    const pulse = value('heart_rate');
    return [
      {
        ...(r.deviceId ? { deviceid: r.deviceId } : {}),
        // Heart `list`'s `model` is the integer model number (the reference types it integer).
        ...optionalModelId(labels.find((d) => d.id === r.deviceId)?.modelId, 'model'),
        bloodpressure: { diastole: Math.round(diastole), systole: Math.round(systole) },
        ...(pulse !== undefined ? { heart_rate: Math.round(pulse) } : {}),
        timestamp: toUnix(r.takenAt),
        modified: toUnix(r.updatedAt),
        timezone: zoneNameFor(zone, r.takenAt.getTime(), r.utcOffsetMinutes),
      },
    ];
  });
  return { series, more, offset: more ? start + pageSize : 0 };
}
