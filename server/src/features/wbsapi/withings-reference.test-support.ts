import { z } from 'zod';

/**
 * The answers' shapes as Withings' public API reference documents them (types, required fields,
 * enums), written from the reference, not from our output, so a test checks our answers against it.
 *
 * Source: the reference's OpenAPI transcription, github.com/api-evangelist/withings, openapi/
 * withings-sleep-api-openapi.yml (Sleep v2 Get, Getsummary), withings-heart-api-openapi.yml
 * (Heart v2 List, `heart_measurement_object`), withings-user-api-openapi.yml (User v2 Getdevice).
 * Marked [docs]: the shapes whose reference page was not read here (Measure v2 getmeas,
 * getactivity, getintradayactivity, getworkouts; User getgoals), written from docs/api-wbsapi.md's
 * statement of the original.
 *
 * The reference marks no field of a data object required; the ones marked required here are those
 * every answer of the original carries (the entry's time span, ids, state).
 */

const int = z.number().int();
const unix = int.nonnegative();
/** `{ "<unix>": value }`: the reference's `$timestamp` objects. */
const byTimestamp = z.record(z.string().regex(/^\d+$/), z.number());
const ymdDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Sleep v2 Get: `state` 0 awake, 1 light, 2 deep, 3 REM, 4 manual, 5 unspecified, 15 out of bed. */
export const sleepGetBody = z.object({
  model: z.union([z.literal(16), z.literal(32)]).optional(),
  series: z.array(
    z.object({
      startdate: unix,
      enddate: unix,
      state: int.refine((n) => [0, 1, 2, 3, 4, 5, 15].includes(n), 'a sleep state of the reference'),
      model: z.string().optional(),
      model_id: z.number().int().optional(),
      hr: byTimestamp.optional(),
      rr: byTimestamp.optional(),
      snoring: byTimestamp.optional(),
      sdnn_1: byTimestamp.optional(),
      rmssd: byTimestamp.optional(),
      hrv_quality: byTimestamp.optional(),
      mvt_score: byTimestamp.optional(),
    }),
  ),
});

/** Sleep v2 Getsummary: `sleep_summary_object`. */
export const sleepGetsummaryBody = z.object({
  series: z.array(
    z.object({
      id: int,
      timezone: z.string().min(1),
      model: z.union([z.literal(16), z.literal(32)]).optional(),
      model_id: int.optional(),
      startdate: unix,
      enddate: unix,
      date: ymdDate,
      created: unix.optional(),
      modified: unix,
      hash_deviceid: z.string().nullable().optional(),
      completed: z.boolean().optional(),
      data: z
        .object({
          total_timeinbed: int,
          total_sleep_time: int,
          lightsleepduration: int,
          remsleepduration: int,
          deepsleepduration: int,
          sleep_efficiency: z.number().min(0).max(1),
          sleep_latency: int,
          wakeup_latency: int,
          wakeupduration: int,
          wakeupcount: int,
          waso: int,
          nb_rem_episodes: int,
          durationtosleep: int,
          durationtowakeup: int,
          out_of_bed_count: int,
          hr_average: int,
          hr_min: int,
          hr_max: int,
          rr_average: int,
          rr_min: int,
          rr_max: int,
          snoring: int,
          snoringepisodecount: int,
          sleep_score: int,
        })
        .partial(),
    }),
  ),
  more: z.boolean(),
  offset: int,
});

/** Heart v2 List: `heart_measurement_object`; `ecg.afib` 0 negative, 1 positive, 2 inconclusive. */
export const heartListBody = z.object({
  series: z.array(
    z.object({
      deviceid: z.string().optional(),
      model: int.optional(),
      ecg: z.object({ signalid: int, afib: z.union([z.literal(0), z.literal(1), z.literal(2)]) }).optional(),
      bloodpressure: z.object({ diastole: int, systole: int }).optional(),
      heart_rate: int.optional(),
      modified: unix,
      timestamp: unix,
      timezone: z.string().optional(),
    }),
  ),
  more: z.boolean(),
  offset: int,
});

/** User v2 Getdevice: `user_device_object`; battery high, medium, low (ours adds unknown). */
export const getdeviceBody = z.object({
  devices: z.array(
    z.object({
      type: z.string(),
      model: z.string(),
      model_id: int,
      battery: z.enum(['high', 'medium', 'low', 'unknown']),
      deviceid: z.string(),
      hash_deviceid: z.string(),
      timezone: z.string(),
      first_session_date: unix,
      last_session_date: unix,
    }),
  ),
});

/** [docs] Measure getmeas: `measuregrps[]` of `measures[{ value, type, unit }]`. */
export const getmeasBody = z.object({
  updatetime: unix,
  timezone: z.string(),
  measuregrps: z.array(
    z.object({
      grpid: int,
      attrib: int,
      date: unix,
      created: unix,
      modified: unix,
      category: z.union([z.literal(1), z.literal(2)]),
      deviceid: z.string().nullable(),
      hash_deviceid: z.string().nullable(),
      timezone: z.string(),
      measures: z.array(z.object({ value: int, type: int, unit: int })),
    }),
  ),
  more: z.union([z.literal(0), z.literal(1)]),
  offset: int,
});

/**
 * [docs] Measure v2 getactivity (`deviceid` null for a day without a paired tracker's steps: a day
 * sums every source, a listed difference).
 */
export const getactivityBody = z.object({
  activities: z.array(
    z.object({
      date: ymdDate,
      timezone: z.string(),
      deviceid: z.string().nullable(),
      hash_deviceid: z.string().nullable(),
      brand: int,
      is_tracker: z.boolean(),
      model: z.string().optional(),
      model_id: int.optional(),
      modified: unix,
      steps: z.number().optional(),
      distance: z.number().optional(),
      elevation: z.number().optional(),
      soft: int.optional(),
      moderate: int.optional(),
      intense: int.optional(),
      active: int.optional(),
      calories: z.number().optional(),
      totalcalories: z.number().optional(),
      hr_average: int.optional(),
      hr_min: int.optional(),
      hr_max: int.optional(),
    }),
  ),
  more: z.boolean(),
  offset: int,
});

/** [docs] Measure v2 getworkouts. */
export const getworkoutsBody = z.object({
  series: z.array(
    z.object({
      id: int,
      category: int,
      timezone: z.string(),
      attrib: int,
      startdate: unix,
      enddate: unix,
      date: ymdDate,
      modified: unix,
      deviceid: z.string().nullable(),
      data: z.record(z.string(), z.number()),
    }),
  ),
  more: z.boolean(),
  offset: int,
});

/** [docs] Measure v2 getintradayactivity: `series: { "<unix>": { steps, …, deviceid } }`. */
export const getintradayactivityBody = z.object({
  series: z.record(
    z.string().regex(/^\d+$/),
    z
      .object({ deviceid: z.string().nullable().optional() })
      .catchall(z.union([z.number(), z.string(), z.null()])),
  ),
});

/** [docs] User v2 getgoals. */
export const getgoalsBody = z.object({
  goals: z.object({
    steps: int.optional(),
    sleep: int.optional(),
    weight: z.object({ value: int, unit: int }).optional(),
  }),
});
