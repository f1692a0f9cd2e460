import { getMetric, type MetricDefinition, metrics } from '@vitalbase/core';
import { z } from 'zod';
import { modelFields } from './device-models';
import { zoneNameFor } from './time-zone';
import { intList, offset, positiveInt, toUnix, unixTime } from './wbsapi-params';
import type { ReadingGroup, WbsapiRepo } from './wbsapi.repo';
import { toWithingsValue, withingsIdOf, withingsIdOfText } from './withings-values';

/** Groups per page; the next page is asked with `offset` while `more` is 1. */
export const GETMEAS_PAGE_SIZE = 200;

/** Raw metrics with a Withings measure type (derived values such as BMI are not measures there). */
export const measuredTypes: readonly MetricDefinition[] = metrics.filter(
  (m) => m.withingsType !== undefined && !m.derived && m.shapes.includes('reading'),
);

export const getmeasParams = z.object({
  meastype: positiveInt.optional(),
  meastypes: intList.optional(),
  category: z.enum(['1', '2']).optional(),
  startdate: unixTime.optional(),
  enddate: unixTime.optional(),
  lastupdate: unixTime.optional(),
  offset: offset.optional(),
});
export type GetmeasParams = z.output<typeof getmeasParams>;

/** The metrics a request asks for: every measured type, or those of meastype/meastypes. */
export function requestedMetrics(p: Pick<GetmeasParams, 'meastype' | 'meastypes'>): MetricDefinition[] {
  const types = new Set([...(p.meastypes ?? []), ...(p.meastype !== undefined ? [p.meastype] : [])]);
  return types.size ? measuredTypes.filter((m) => types.has(m.withingsType!)) : [...measuredTypes];
}

/** The original's `attrib`: 0 measured by the user's device, 2 entered (by hand, import or an app). */
const attribOf = (source: string) => (source === 'device' ? 0 : 2);

type DeviceLabel = Awaited<ReturnType<WbsapiRepo['devicesByIds']>>[number];

function toGroup(r: ReadingGroup, userZone: string, device: DeviceLabel | undefined) {
  return {
    grpid: withingsIdOf(r.id),
    attrib: attribOf(r.source),
    date: toUnix(r.takenAt),
    created: toUnix(r.createdAt),
    modified: toUnix(r.updatedAt),
    category: 1,
    deviceid: r.deviceId,
    hash_deviceid: r.deviceId,
    timezone: zoneNameFor(userZone, r.takenAt.getTime(), r.utcOffsetMinutes),
    measures: r.measures.flatMap((m) => {
      const def = getMetric(m.metric);
      if (def?.withingsType === undefined) return [];
      return [{ type: def.withingsType, ...toWithingsValue(m.value, def.decimals) }];
    }),
    // The measuring device's model, as the reference's group has it (absent for data entered by hand).
    ...modelFields(device),
    comment: null,
  };
}

/**
 * `getmeas`: category 1 (default) = measurement groups, each a reading taken at once (a weigh-in with
 * its body composition, a BP reading with its pulse), newest first; category 2 = the user's objectives
 * (the weight goal). Filters combine: types, taken in [startdate, enddate], changed after lastupdate.
 */
export async function getmeas(
  repo: Pick<WbsapiRepo, 'measureGroups' | 'goals' | 'timeZoneOf' | 'devicesByIds'>,
  userId: string,
  p: GetmeasParams,
  now: Date,
  pageSize = GETMEAS_PAGE_SIZE,
) {
  const zone = await repo.timeZoneOf(userId);
  const wanted = requestedMetrics(p);
  const start = p.offset ?? 0;
  let groups: Array<ReturnType<typeof toGroup>>;
  let more = false;
  if (p.category === '2') {
    const all = (await objectives(repo, userId, p, zone, wanted)).slice(start);
    groups = all.slice(0, pageSize);
    more = all.length > pageSize;
  } else {
    const rows = await repo.measureGroups(userId, {
      metrics: wanted.map((m) => m.id),
      from: p.startdate,
      to: p.enddate,
      updatedAfter: p.lastupdate,
      offset: start,
      limit: pageSize + 1,
    });
    more = rows.length > pageSize;
    const page = rows.slice(0, pageSize);
    const labels = await repo.devicesByIds(
      userId,
      page.flatMap((r) => r.deviceId ?? []),
    );
    groups = page.map((r) =>
      toGroup(
        r,
        zone,
        labels.find((d) => d.id === r.deviceId),
      ),
    );
  }
  return {
    updatetime: toUnix(now),
    timezone: zone,
    measuregrps: groups,
    more: more ? 1 : 0,
    offset: more ? start + pageSize : 0,
  };
}

/** Objectives: today only the weight goal has a Withings measure type. */
async function objectives(
  repo: Pick<WbsapiRepo, 'goals'>,
  userId: string,
  p: GetmeasParams,
  zone: string,
  wanted: MetricDefinition[],
) {
  const weight = wanted.find((m) => m.id === 'weight');
  if (!weight) return [];
  const goal = (await repo.goals(userId)).find((g) => g.kind === 'weight');
  if (!goal) return [];
  const at = goal.updatedAt;
  if ((p.startdate && at < p.startdate) || (p.enddate && at > p.enddate)) return [];
  if (p.lastupdate && at <= p.lastupdate) return [];
  return [
    {
      grpid: withingsIdOfText(`${userId}:goal:weight`),
      attrib: 2,
      date: toUnix(at),
      created: toUnix(at),
      modified: toUnix(at),
      category: 2,
      deviceid: null,
      hash_deviceid: null,
      timezone: zone,
      measures: [{ type: weight.withingsType!, ...toWithingsValue(goal.value, weight.decimals) }],
      comment: null,
    },
  ];
}
