import { z } from 'zod';

/**
 * The answers' shapes as Withings' public API reference documents them (types, required fields,
 * enums), written from the reference, not from our output, so a test checks our answers against it.
 *
 * Source: the reference's OpenAPI transcription, github.com/api-evangelist/withings, openapi/
 * withings-sleep-api-openapi.yml (Sleep v2 Get, Getsummary), withings-heart-api-openapi.yml
 * (Heart v2 List, `heart_measurement_object`), withings-user-api-openapi.yml (User v2 Getdevice).
 * The Measure and Getgoals shapes: see their own note below.
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

/*
 * The Measure and User v2 Getgoals shapes below are written from the same transcription of the
 * reference: github.com/api-evangelist/withings, openapi/withings-measure-api-openapi.yml
 * (`measuregrp_object`, `measure_object`, `activity_object`, `workout_object`, and the Getintradayactivity
 * answer) and openapi/withings-user-api-openapi.yml (User v2 Getgoals), cross-checked with a public
 * client that types the answers (github.com/dvcol/withings-http-client, lib/models/
 * withings-measure.model.ts and withings-goal.model.ts). They are strict: a field the reference does
 * not list fails, so a misspelt name (the activity object's `modelid`) cannot pass unseen.
 */

/** Measure `meastype` values the reference lists (getmeas's parameter table). */
const MEASTYPES = [
  1, 4, 5, 6, 8, 9, 10, 11, 12, 54, 71, 73, 76, 77, 88, 91, 123, 130, 135, 136, 137, 138, 139, 155, 167, 168,
  169, 170, 173, 174, 175, 196, 226, 227, 229,
];
/** `attrib`: 0 device, unambiguous; 1 device, ambiguous; 2 manual; 4 manual at creation; 5 auto (BPM); 7 confirmed; 8 as 0; 15 guided. */
const ATTRIBS = [0, 1, 2, 4, 5, 7, 8, 15];
const oneOf = (values: number[], what: string) =>
  int.refine((n) => values.includes(n), `a ${what} of the reference`);

/**
 * The reference types `deviceid`/`hash_deviceid` as strings and never says one may be missing; data
 * entered by hand has no device, so null is accepted there (and only there: see the tests).
 */
const deviceId = z.string().min(1).nullable();

/** Measure - Getmeas: `measuregrp_object` of `measure_object`s. */
export const getmeasBody = z
  .object({
    // The transcription types `updatetime` as a string, but its description ("server time") and every
    // client (python withings-api parses it with arrow.get) take the Unix time the original sends.
    updatetime: unix,
    timezone: z.string().min(1),
    measuregrps: z.array(
      z
        .object({
          grpid: int,
          attrib: oneOf(ATTRIBS, 'measure attribution'),
          date: unix,
          created: unix,
          modified: unix,
          // "Category for the measures in the group (see category input parameter)": 1 real, 2 objective.
          category: z.union([z.literal(1), z.literal(2)]),
          deviceid: deviceId,
          hash_deviceid: deviceId,
          timezone: z.string().min(1),
          measures: z.array(
            z
              .object({
                value: int,
                type: oneOf(MEASTYPES, 'measure type'),
                unit: int,
                algo: int.optional(),
                fm: int.optional(),
                position: int.min(0).max(31).optional(),
              })
              .strict(),
          ),
          model: z.string().min(1).optional(),
          model_id: int.optional(),
          // "Deprecated. This property will always be empty.": answers recorded from the original carry
          // `"comment": null` (github.com/cjoshmartin/api-oauth2-python, tests/sample_weight_data.py).
          comment: z.string().max(0).nullable().optional(),
        })
        .strict(),
    ),
    more: z.union([z.literal(0), z.literal(1)]),
    offset: int,
  })
  .strict();

/**
 * Measure v2 - Getactivity: `activity_object`. The reference names the model number `modelid` here
 * (`model_id` elsewhere). `brand` 1 Withings, 18 external.
 */
export const getactivityBody = z
  .object({
    activities: z.array(
      z
        .object({
          date: ymdDate,
          timezone: z.string().min(1),
          deviceid: deviceId.optional(),
          hash_deviceid: deviceId.optional(),
          brand: z.union([z.literal(1), z.literal(18)]),
          is_tracker: z.boolean(),
          modified: unix,
          model: z.string().min(1).optional(),
          modelid: int.optional(),
          steps: int.optional(),
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
          hr_zone_0: int.optional(),
          hr_zone_1: int.optional(),
          hr_zone_2: int.optional(),
          hr_zone_3: int.optional(),
        })
        .strict(),
    ),
    more: z.boolean(),
    offset: int,
  })
  .strict();

/** Workout `category` values the reference lists (1–36, 128, 187–196, 272, 306–308, 455–568). */
const WORKOUT_CATEGORIES = [
  ...Array.from({ length: 36 }, (_, i) => i + 1),
  128,
  187,
  188,
  191,
  192,
  193,
  194,
  195,
  196,
  272,
  306,
  307,
  308,
  455,
  456,
  457,
  ...Array.from({ length: 568 - 490 + 1 }, (_, i) => i + 490).filter((n) => n !== 533),
];

/** Measure v2 - Getworkouts: `workout_object`, its `model` the integer source model, `data` all integers. */
export const getworkoutsBody = z
  .object({
    series: z.array(
      z
        .object({
          id: int,
          category: oneOf(WORKOUT_CATEGORIES, 'workout category'),
          timezone: z.string().min(1),
          model: int.optional(),
          attrib: oneOf(ATTRIBS, 'measure attribution'),
          startdate: unix,
          enddate: unix,
          date: ymdDate,
          modified: unix,
          deviceid: deviceId,
          data: z
            .object({
              algo_pause_duration: int,
              calories: int,
              core_body_temperature_avg: int,
              core_body_temperature_max: int,
              core_body_temperature_min: int,
              core_body_temperature_status: int,
              distance: int,
              elevation: int,
              hr_average: int,
              hr_max: int,
              hr_min: int,
              hr_zone_0: int,
              hr_zone_1: int,
              hr_zone_2: int,
              hr_zone_3: int,
              intensity: int.min(0).max(100),
              manual_calories: int,
              manual_distance: int,
              manual_intensity: int.min(0).max(100),
              pause_duration: int,
              pool_laps: int,
              pool_length: int,
              spo2_average: int,
              steps: int,
              strokes: int,
            })
            .partial()
            .strict(),
        })
        .strict(),
    ),
    more: z.boolean(),
    offset: int,
  })
  .strict();

/** Measure v2 - Getintradayactivity: `series: { "<unix>": { deviceid, model, model_id, steps, … } }`. */
export const getintradayactivityBody = z
  .object({
    series: z.record(
      z.string().regex(/^\d+$/),
      z
        .object({
          deviceid: deviceId,
          model: z.string().min(1),
          model_id: int,
          steps: int,
          elevation: z.number(),
          calories: z.number(),
          distance: z.number(),
          stroke: int,
          pool_lap: int,
          duration: int,
          heart_rate: int,
          spo2_auto: z.number(),
          rmssd: z.number(),
          sdnn1: z.number(),
          hrv_quality: int,
          core_body_temperature: z.number(),
          rr: int,
          chest_movement_rate: int,
        })
        .partial()
        .strict(),
    ),
  })
  .strict();

/** User v2 - Getgoals: steps per day, sleep seconds, weight as `{ value, unit }` (value × 10^unit kg). */
export const getgoalsBody = z
  .object({
    goals: z
      .object({
        steps: int.optional(),
        sleep: int.optional(),
        weight: z.object({ value: int, unit: int }).strict().optional(),
      })
      .strict(),
  })
  .strict();
