import { localDateAtOffset, localDayStart, nextPeriod } from '@vitalbase/core';
import { z } from 'zod';
import type { DailyTotalMetric } from '../health-data';
import { modelFields, optionalModelId } from './device-models';
import { stats } from './series-points';
import { dateAtOffset, zoneNameFor } from './time-zone';
import { WbsapiError } from './wbsapi-request';
import { fieldList, offset, toUnix, unixTime, ymd } from './wbsapi-params';
import type { WbsapiRepo } from './wbsapi.repo';
import { wbsapiStatus } from './status-codes';
import { withingsIdOf } from './withings-values';

const ACTIVITY_PAGE_SIZE = 200;
const DAY_S = 86_400;
const HOUR_MS = 3_600_000;

const pickFields = <T extends Record<string, unknown>>(data: T, fields: Set<string> | undefined) =>
  fields ? Object.fromEntries(Object.entries(data).filter(([k]) => fields.has(k))) : data;

/* ------------------------------------------------------------------ getactivity (daily totals) */

export const getactivityParams = z.object({
  startdateymd: ymd.optional(),
  enddateymd: ymd.optional(),
  lastupdate: unixTime.optional(),
  offset: offset.optional(),
  data_fields: fieldList.optional(),
});
export type GetactivityParams = z.output<typeof getactivityParams>;

/** Activity levels from the MET series (minutes at 1.5–3 soft, 3–6 moderate, 6+ intense), as the original's. */
function levelOf(met: number): 'soft' | 'moderate' | 'intense' | undefined {
  if (met >= 6) return 'intense';
  if (met >= 3) return 'moderate';
  if (met >= 1.5) return 'soft';
  return undefined;
}

/**
 * `getactivity`: one entry per local day with activity, from the daily totals the server keeps
 * (steps, distance, elevation, active calories), plus heart-rate statistics and activity levels from
 * the day's intraday series. Needs a date range or `lastupdate`, as the original.
 */
export async function getactivity(
  repo: Pick<WbsapiRepo, 'dailyTotals' | 'seriesPoints' | 'readingValues' | 'timeZoneOf' | 'devicesByIds'>,
  userId: string,
  p: GetactivityParams,
  pageSize = ACTIVITY_PAGE_SIZE,
) {
  const hasRange = p.startdateymd !== undefined && p.enddateymd !== undefined;
  if (!hasRange && p.lastupdate === undefined) {
    throw new WbsapiError(
      wbsapiStatus.invalidParams,
      'startdateymd and enddateymd, or lastupdate, are required',
    );
  }
  const start = p.offset ?? 0;
  const rows = await repo.dailyTotals(userId, {
    fromDate: p.startdateymd,
    toDate: p.enddateymd,
    updatedAfter: p.lastupdate,
    offset: start,
    limit: pageSize + 1,
  });
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  const userZone = await repo.timeZoneOf(userId);
  // A value counts on the date it was lived, at its own offset, as the daily totals do
  // (docs/time-zones.md, travel): a day's values lie in UTC from 14 h before its date to 12 h after.
  const days = page.map((row) => ({
    row,
    zone: typeof row.details.timeZone === 'string' ? row.details.timeZone : userZone,
  }));
  const dayStarts = days.map((d) => Date.parse(`${d.row.key}T00:00:00Z`));
  const from = Math.min(...dayStarts) - 14 * HOUR_MS;
  const to = Math.max(...dayStarts) + 24 * HOUR_MS + 12 * HOUR_MS;
  const points = days.length
    ? await repo.seriesPoints(userId, ['heart_rate', 'activity_intensity', 'steps'], from, to)
    : [];
  const labels = await repo.devicesByIds(userId, [
    ...new Set(points.flatMap((x) => (x.metric === 'steps' && x.deviceId ? [x.deviceId] : []))),
  ]);
  const hrReadings = days.length
    ? await repo.readingValues(userId, ['heart_rate'], new Date(from), new Date(to))
    : [];

  const activities = days.map(({ row, zone }) => {
    const inDay = (t: number, utcOffsetMinutes: number) => localDateAtOffset(t, utcOffsetMinutes) === row.key;
    const hr = [
      ...points.filter((x) => x.metric === 'heart_rate' && inDay(x.t, x.utcOffsetMinutes)).map((x) => x.v),
      ...hrReadings.filter((x) => inDay(x.takenAt.getTime(), x.utcOffsetMinutes)).map((x) => x.value),
    ];
    const levels = { soft: 0, moderate: 0, intense: 0 };
    for (const x of points) {
      if (x.metric !== 'activity_intensity' || !inDay(x.t, x.utcOffsetMinutes)) continue;
      const level = levelOf(x.v);
      if (level) levels[level] += x.intervalSeconds;
    }
    // A day stored before a total existed has none: 0, as the original answers.
    const num = (k: DailyTotalMetric) => {
      const v: unknown = row.details[k];
      return typeof v === 'number' ? v : 0;
    };
    const h = stats(hr);
    const data = {
      steps: num('steps'),
      distance: num('distance'),
      elevation: num('elevation'),
      soft: levels.soft,
      moderate: levels.moderate,
      intense: levels.intense,
      active: levels.moderate + levels.intense,
      calories: num('active_calories'),
      // The basal part is not tracked per day: total = active calories.
      totalcalories: num('active_calories'),
      hr_average: h?.average ?? 0,
      hr_min: h?.min ?? 0,
      hr_max: h?.max ?? 0,
      hr_zone_0: 0,
      hr_zone_1: 0,
      hr_zone_2: 0,
      hr_zone_3: 0,
    };
    // The day's tracker: the paired device that counted most of its steps (the usual day has one).
    const stepsBy = new Map<string, number>();
    for (const x of points) {
      if (x.metric === 'steps' && x.deviceId && inDay(x.t, x.utcOffsetMinutes)) {
        stepsBy.set(x.deviceId, (stepsBy.get(x.deviceId) ?? 0) + x.v);
      }
    }
    const tracker = [...stepsBy]
      .sort((a, b) => b[1] - a[1])
      .map(([id]) => labels.find((d) => d.id === id))
      .find((d) => d !== undefined);
    return {
      date: row.key,
      timezone: zone,
      deviceid: tracker?.id ?? null,
      hash_deviceid: tracker?.id ?? null,
      // The reference spells the activity object's model number `modelid` (`model_id` elsewhere).
      ...modelFields(tracker, 'modelid'),
      brand: 1,
      is_tracker: true,
      modified: toUnix(row.computedAt),
      ...pickFields(data, p.data_fields),
    };
  });
  return { activities, more, offset: more ? start + pageSize : 0 };
}

/* ------------------------------------------------------------------ getintradayactivity */

export const getintradayParams = z.object({
  startdate: unixTime.optional(),
  enddate: unixTime.optional(),
  data_fields: fieldList.optional(),
});
export type GetintradayParams = z.output<typeof getintradayParams>;

/** Our series metric → the original's intraday field. */
const intradayFields: Record<string, string> = {
  steps: 'steps',
  elevation: 'elevation',
  active_calories: 'calories',
  distance: 'distance',
  swim_strokes: 'stroke',
  heart_rate: 'heart_rate',
  spo2: 'spo2_auto',
};

/** The intraday fields the reference types as integers. */
const integerIntradayFields = new Set(['steps', 'stroke', 'heart_rate']);

/**
 * `getintradayactivity`: the intraday series keyed by Unix time, at most 24 h from `startdate` (the
 * last 24 h when no date is given), as the original. `duration` is the point's interval in seconds.
 */
export async function getintradayactivity(
  repo: Pick<WbsapiRepo, 'seriesPoints' | 'devicesByIds'>,
  userId: string,
  p: GetintradayParams,
  now: Date,
) {
  let end = p.enddate ? toUnix(p.enddate) : undefined;
  let start = p.startdate ? toUnix(p.startdate) : undefined;
  if (start === undefined) start = (end ?? toUnix(now)) - DAY_S;
  if (end === undefined || end - start > DAY_S) end = start + DAY_S;
  if (end < start)
    throw new WbsapiError(wbsapiStatus.invalidParams, 'enddate must not come before startdate');
  const wanted = Object.entries(intradayFields)
    .filter(([, field]) => !p.data_fields || p.data_fields.has(field))
    .map(([metric]) => metric);
  const points = await repo.seriesPoints(userId, wanted, start * 1000, (end + 1) * 1000);
  const labels = await repo.devicesByIds(userId, [
    ...new Set(points.flatMap((x) => (x.deviceId ? [x.deviceId] : []))),
  ]);
  const series: Record<string, Record<string, number | string | null>> = {};
  for (const x of points) {
    const key = String(Math.floor(x.t / 1000));
    const device = labels.find((d) => d.id === x.deviceId);
    const entry = series[key] ?? {
      deviceid: x.deviceId,
      ...modelFields(device),
      duration: x.intervalSeconds,
    };
    const field = intradayFields[x.metric]!;
    entry[field] = integerIntradayFields.has(field) ? Math.round(x.v) : x.v;
    series[key] = entry;
  }
  return { series };
}

/* ------------------------------------------------------------------ getworkouts */

export const getworkoutsParams = z.object({
  startdateymd: ymd.optional(),
  enddateymd: ymd.optional(),
  lastupdate: unixTime.optional(),
  offset: offset.optional(),
  data_fields: fieldList.optional(),
});
export type GetworkoutsParams = z.output<typeof getworkoutsParams>;

/** The original's workout categories, by the names our sessions carry (lowercase, `_` for spaces). */
const workoutCategories: Record<string, number> = {
  walk: 1,
  walking: 1,
  run: 2,
  running: 2,
  hiking: 3,
  skating: 4,
  bmx: 5,
  bicycling: 6,
  cycling: 6,
  biking: 6,
  swim: 7,
  swimming: 7,
  surfing: 8,
  kitesurfing: 9,
  windsurfing: 10,
  bodyboard: 11,
  tennis: 12,
  table_tennis: 13,
  squash: 14,
  badminton: 15,
  lift_weights: 16,
  weights: 16,
  strength: 16,
  calisthenics: 17,
  elliptical: 18,
  pilates: 19,
  basketball: 20,
  soccer: 21,
  football: 22,
  rugby: 23,
  volleyball: 24,
  waterpolo: 25,
  horse_riding: 26,
  golf: 27,
  yoga: 28,
  dancing: 29,
  boxing: 30,
  fencing: 31,
  wrestling: 32,
  martial_arts: 33,
  skiing: 34,
  snowboarding: 35,
  other: 36,
  rowing: 187,
  zumba: 188,
  baseball: 191,
  handball: 192,
  hockey: 193,
  ice_hockey: 194,
  climbing: 195,
  ice_skating: 196,
  multi_sport: 272,
  indoor_walk: 306,
  indoor_running: 307,
  indoor_cycling: 308,
};

function workoutCategoryOf(type: string | null): number {
  const key = (type ?? '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return workoutCategories[key] ?? 36;
}

/** Our session metric → the original's workout data field. */
const workoutFields: Record<string, string> = {
  active_calories: 'calories',
  distance: 'distance',
  elevation: 'elevation',
  steps: 'steps',
  heart_rate: 'hr_average',
  spo2: 'spo2_average',
  swim_strokes: 'strokes',
};

/** `getworkouts`: workout sessions started in the local date range (or changed after `lastupdate`), oldest first. */
export async function getworkouts(
  repo: Pick<WbsapiRepo, 'sessions' | 'timeZoneOf' | 'devicesByIds'>,
  userId: string,
  p: GetworkoutsParams,
  pageSize = ACTIVITY_PAGE_SIZE,
) {
  const zone = await repo.timeZoneOf(userId);
  const start = p.offset ?? 0;
  const rows = await repo.sessions(userId, {
    type: 'workout',
    startFrom: p.startdateymd ? new Date(localDayStart(p.startdateymd, zone)) : undefined,
    startTo: p.enddateymd ? new Date(localDayStart(nextPeriod(p.enddateymd, 'day'), zone)) : undefined,
    updatedAfter: p.lastupdate,
    offset: start,
    limit: pageSize + 1,
  });
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  const labels = await repo.devicesByIds(
    userId,
    page.flatMap((s) => s.deviceId ?? []),
  );
  const series = page.map((s) => {
    // The reference types every workout datum as an integer (kcal, m, bpm, %).
    const data: Record<string, number> = {};
    for (const m of s.metrics) {
      const field = workoutFields[m.metric];
      if (field) data[field] = Math.round(m.value);
    }
    return {
      id: withingsIdOf(s.id),
      category: workoutCategoryOf(s.workoutType),
      timezone: zoneNameFor(zone, s.startAt.getTime(), s.utcOffsetMinutes),
      // The workout's source as the integer model number (the reference's `model` here).
      ...optionalModelId(labels.find((d) => d.id === s.deviceId)?.modelId, 'model'),
      attrib: s.source === 'device' ? 0 : 2,
      startdate: toUnix(s.startAt),
      enddate: toUnix(s.endAt),
      date: dateAtOffset(s.startAt.getTime(), s.utcOffsetMinutes),
      modified: toUnix(s.updatedAt),
      deviceid: s.deviceId,
      data: pickFields(data, p.data_fields),
    };
  });
  return { series, more, offset: more ? start + pageSize : 0 };
}
