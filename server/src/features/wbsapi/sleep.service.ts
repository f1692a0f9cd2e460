import { localDayStart, nextPeriod, type SleepStageSpan, sleepSummary, unionOf } from '@vitalbase/core';
import { z } from 'zod';
import { optionalModelId, sleepSourceModel } from './device-models';
import { stats } from './series-points';
import { wbsapiStatus } from './status-codes';
import { dateAtOffset, zoneNameFor } from './time-zone';
import { fieldList, offset, toUnix, unixTime, ymd } from './wbsapi-params';
import { WbsapiError } from './wbsapi-request';
import type { WbsapiRepo } from './wbsapi.repo';
import { withingsIdOf } from './withings-values';

const SLEEP_PAGE_SIZE = 200;
const MAX_SLEEP_GET_SECONDS = 7 * 86_400;

/** The original's sleep states. */
const stateOf: Record<string, number> = { awake: 0, light: 1, deep: 2, rem: 3 };

/**
 * The original's sleep `get` data fields → our series metrics. `rmssd` has none (we record HRV as
 * SDNN only): asked for, it is an empty object. Snoring also comes from the night's events.
 */
const sleepSeriesFields: Record<string, string | undefined> = {
  hr: 'heart_rate',
  rr: 'respiratory_rate',
  snoring: 'snoring',
  sdnn_1: 'heart_rate_variability',
  rmssd: undefined,
  mvt_score: 'movement',
};

/**
 * The snoring inside a stage as the original's `{ "<unix start>": seconds }`: the night's snoring
 * events merged where they overlap (one episode counted once), clipped to the stage.
 */
function snoringIn(night: SessionRow, stage: { start: number; end: number }): Record<string, number> {
  const base = night.startAt.getTime();
  const spans = unionOf(
    night.events
      .filter((e) => e.type === 'snoring')
      .map((e) => ({ start: base + e.start * 1000, end: base + e.end * 1000 })),
  );
  const out: Record<string, number> = {};
  for (const span of spans) {
    const start = Math.max(span.start, stage.start);
    const end = Math.min(span.end, stage.end);
    if (end > start) out[String(Math.floor(start / 1000))] = Math.round((end - start) / 1000);
  }
  return out;
}

/** A summary's integer `model` (16 tracker, 32 sleep monitor) and `model_id`, when known. */
function summaryModelFields(labels: Labels, deviceId: string | null) {
  const label = labels.find((d) => d.id === deviceId);
  const model = sleepSourceModel(label?.kind);
  return { ...(model !== undefined ? { model } : {}), ...optionalModelId(label?.modelId) };
}

type Labels = Awaited<ReturnType<WbsapiRepo['devicesByIds']>>;

/** The night's device as `model` (its name) and `model_id`, when it is one of the user's devices. */
function deviceModelFields(labels: Labels, deviceId: string | null) {
  const label = labels.find((d) => d.id === deviceId);
  if (!label) return {};
  return { model: label.modelName ?? label.modelId, ...optionalModelId(label.modelId) };
}

type SessionRow = Awaited<ReturnType<WbsapiRepo['sessions']>>[number];

function stagesOf(s: SessionRow): SleepStageSpan[] {
  const base = s.startAt.getTime();
  return s.stages.map((x) => ({
    stage: x.stage as SleepStageSpan['stage'],
    start: base + x.start * 1000,
    end: base + x.end * 1000,
  }));
}

/* ------------------------------------------------------------------ get */

export const sleepGetParams = z.object({
  startdate: unixTime,
  enddate: unixTime,
  data_fields: fieldList.optional(),
});
export type SleepGetParams = z.output<typeof sleepGetParams>;

/**
 * Sleep `get`: the stages of the nights overlapping [startdate, enddate], one entry per stage with its
 * state, and for each requested data field (hr, rr, snoring, sdnn_1, mvt_score) the points inside it
 * keyed by Unix time. Without `data_fields` only the states are sent.
 */
export async function sleepGet(
  repo: Pick<WbsapiRepo, 'sleepOverlapping' | 'seriesPoints' | 'devicesByIds'>,
  userId: string,
  p: SleepGetParams,
) {
  const from = p.startdate.getTime();
  const to = p.enddate.getTime();
  if (to < from) throw new WbsapiError(wbsapiStatus.invalidParams, 'enddate must not come before startdate');
  if (to - from > MAX_SLEEP_GET_SECONDS * 1000) {
    throw new WbsapiError(wbsapiStatus.invalidParams, 'the range must not exceed 7 days');
  }
  const nights = await repo.sleepOverlapping(userId, new Date(from), new Date(to + 1000));
  const fields = Object.keys(sleepSeriesFields).filter((f) => p.data_fields?.has(f));
  const metrics = fields.flatMap((f) => sleepSeriesFields[f] ?? []);
  const labels = await repo.devicesByIds(
    userId,
    nights.flatMap((n) => n.deviceId ?? []),
  );
  const series = [];
  for (const night of nights) {
    const points = await repo.seriesPoints(userId, metrics, night.startAt.getTime(), night.endAt.getTime());
    for (const stage of stagesOf(night)) {
      if (stage.end <= from || stage.start > to) continue;
      const entry: Record<string, unknown> = {
        startdate: Math.floor(stage.start / 1000),
        enddate: Math.floor(stage.end / 1000),
        state: stateOf[stage.stage] ?? 0,
        hash_deviceid: night.deviceId,
        ...deviceModelFields(labels, night.deviceId),
      };
      for (const field of fields) {
        const metric = sleepSeriesFields[field];
        entry[field] = Object.fromEntries(
          points
            .filter((x) => x.metric === metric && x.t >= stage.start && x.t < stage.end)
            .map((x) => [String(Math.floor(x.t / 1000)), x.v]),
        );
        if (field === 'snoring') Object.assign(entry.snoring as object, snoringIn(night, stage));
      }
      series.push(entry);
    }
  }
  // The original's top-level `model`: 16 a tracker, 32 a sleep monitor (the first night's source).
  const kind = labels.find((d) => d.id === nights[0]?.deviceId)?.kind;
  const model = sleepSourceModel(kind);
  return { ...(model !== undefined ? { model } : {}), series };
}

/* ------------------------------------------------------------------ getsummary */

/**
 * What only the stage spans' timing tells: wake-ups after the first sleep (waso), the time from the
 * last sleep to the night's end, the REM episodes. A night without spans has none of it (left out).
 */
function spanTiming(night: SessionRow, stages: SleepStageSpan[]): Record<string, number> {
  if (!stages.length) return {};
  const asleep = stages.filter((x) => x.stage !== 'awake');
  const firstSleep = asleep[0];
  const lastSleep = asleep.at(-1);
  const waso = stages
    .filter(
      (x) =>
        x.stage === 'awake' &&
        firstSleep &&
        lastSleep &&
        x.start >= firstSleep.end &&
        x.end <= lastSleep.start,
    )
    .reduce((acc, x) => acc + (x.end - x.start) / 1000, 0);
  const wakeupLatency = lastSleep ? Math.round((night.endAt.getTime() - lastSleep.end) / 1000) : 0;
  return {
    durationtowakeup: wakeupLatency,
    wakeup_latency: wakeupLatency,
    waso: Math.round(waso),
    nb_rem_episodes: stages.filter((x) => x.stage === 'rem').length,
  };
}

export const sleepSummaryParams = z.object({
  startdateymd: ymd.optional(),
  enddateymd: ymd.optional(),
  lastupdate: unixTime.optional(),
  offset: offset.optional(),
  data_fields: fieldList.optional(),
});
export type SleepSummaryParams = z.output<typeof sleepSummaryParams>;

/**
 * Sleep `getsummary`: one summary per night ending in the local date range (its `date` is the
 * wake-up date), or changed after `lastupdate`, oldest first, computed from the night's stages and
 * events and the heart and breathing rates recorded during it. A night without stage spans (Withings'
 * sleep.csv gives each stage's total, not when: docs/import.md) answers its stored summary, as the
 * sleep page does, rather than a night spent awake.
 */
export async function sleepGetsummary(
  repo: Pick<WbsapiRepo, 'sessions' | 'seriesPoints' | 'timeZoneOf' | 'devicesByIds' | 'sleepSummaries'>,
  userId: string,
  p: SleepSummaryParams,
  pageSize = SLEEP_PAGE_SIZE,
) {
  const hasRange = p.startdateymd !== undefined && p.enddateymd !== undefined;
  if (!hasRange && p.lastupdate === undefined) {
    throw new WbsapiError(
      wbsapiStatus.invalidParams,
      'startdateymd and enddateymd, or lastupdate, are required',
    );
  }
  const zone = await repo.timeZoneOf(userId);
  const start = p.offset ?? 0;
  const rows = await repo.sessions(userId, {
    type: 'sleep',
    endFrom: p.startdateymd ? new Date(localDayStart(p.startdateymd, zone)) : undefined,
    endTo: p.enddateymd ? new Date(localDayStart(nextPeriod(p.enddateymd, 'day'), zone)) : undefined,
    updatedAfter: p.lastupdate,
    offset: start,
    limit: pageSize + 1,
  });
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  const labels = await repo.devicesByIds(
    userId,
    page.flatMap((n) => n.deviceId ?? []),
  );
  const stored = new Map(
    (
      await repo.sleepSummaries(
        userId,
        page.filter((s) => !s.stages.length).map((s) => s.id),
      )
    ).map((d) => [d.key, d.details]),
  );
  const series = [];
  for (const s of page) {
    const stages = stagesOf(s);
    const base = s.startAt.getTime();
    const events = s.events.map((e) => ({
      type: e.type,
      start: base + e.start * 1000,
      end: base + e.end * 1000,
    }));
    const sum =
      stored.get(s.id) ??
      sleepSummary(
        { start: base, end: s.endAt.getTime() },
        stages,
        events.filter((e) => e.type === 'snoring'),
      );
    const points = await repo.seriesPoints(
      userId,
      ['heart_rate', 'respiratory_rate'],
      base,
      s.endAt.getTime(),
    );
    const hr = stats(points.filter((x) => x.metric === 'heart_rate').map((x) => x.v));
    const rr = stats(points.filter((x) => x.metric === 'respiratory_rate').map((x) => x.v));
    const data: Record<string, number> = {
      wakeupduration: sum.awakeSeconds,
      wakeupcount: sum.wakeUps,
      lightsleepduration: sum.lightSeconds,
      deepsleepduration: sum.deepSeconds,
      remsleepduration: sum.remSeconds,
      durationtosleep: sum.latencySeconds,
      sleep_latency: sum.latencySeconds,
      ...spanTiming(s, stages),
      total_sleep_time: sum.asleepSeconds,
      total_timeinbed: sum.inBedSeconds,
      sleep_efficiency: sum.efficiency,
      sleep_score: sum.score,
      snoring: sum.snoringSeconds,
      snoringepisodecount: sum.snoringEpisodes,
      out_of_bed_count: events.filter((e) => e.type === 'out_of_bed').length,
      ...(hr ? { hr_average: hr.average, hr_min: hr.min, hr_max: hr.max } : {}),
      ...(rr ? { rr_average: rr.average, rr_min: rr.min, rr_max: rr.max } : {}),
    };
    series.push({
      id: withingsIdOf(s.id),
      timezone: zoneNameFor(zone, s.endAt.getTime(), s.utcOffsetMinutes),
      ...summaryModelFields(labels, s.deviceId),
      hash_deviceid: s.deviceId,
      startdate: toUnix(s.startAt),
      enddate: toUnix(s.endAt),
      date: dateAtOffset(s.endAt.getTime(), s.utcOffsetMinutes),
      created: toUnix(s.createdAt),
      modified: toUnix(s.updatedAt),
      data: p.data_fields
        ? Object.fromEntries(Object.entries(data).filter(([k]) => p.data_fields!.has(k)))
        : data,
    });
  }
  return { series, more, offset: more ? start + pageSize : 0 };
}
