import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import {
  APPLE_EXPORT_HEAD,
  APPLE_EXPORT_TAIL,
  PHONE,
  WATCH,
} from '../../server/src/features/imports/apple-health.test-support';

/**
 * A generated Apple Health export.xml of `days` days, with the mix of a person wearing a watch and
 * carrying a phone (per day, as real exports of a few years weigh in): heart rate every 5 minutes and
 * every 5 seconds through a half-hour workout (~650), steps and distance from both the phone and the
 * watch (~400), active and basal energy (~600, basal is unmapped), SpO2, HRV, respiratory rate, a
 * weigh-in, a staged night, a workout every other day, a blood-pressure correlation a week. Records are
 * grouped by type then date, as the Health app writes them. About 1,700 records and 0.55 MB a day.
 */
export async function writeAppleExport(
  file: string,
  days: number,
): Promise<{ records: number; bytes: number }> {
  const out = createWriteStream(file);
  let records = 0;
  let bytes = 0;
  let buf = '';
  const emit = async (s: string) => {
    buf += s;
    if (buf.length < 1 << 20) return;
    bytes += Buffer.byteLength(buf);
    if (!out.write(buf)) await once(out, 'drain');
    buf = '';
  };
  const day0 = Date.UTC(2021, 0, 1);
  const at = (ms: number) => {
    // Written at -0500 as the Health app does, "YYYY-MM-DD HH:MM:SS -0500".
    const iso = new Date(ms - 5 * 3600_000).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)} -0500`;
  };
  const rec = (
    type: string,
    unit: string,
    value: number | string,
    start: number,
    end: number,
    phone = false,
  ) => {
    records += 1;
    const src = phone
      ? `sourceName="Ada’s iPhone" sourceVersion="17.1" ${PHONE}`
      : `sourceName="Ada’s Apple Watch" sourceVersion="10.1" ${WATCH}`;
    return ` <Record type="${type}" ${src} unit="${unit}" creationDate="${at(end)}" startDate="${at(start)}" endDate="${at(end)}" value="${value}"/>\n`;
  };
  const Q = 'HKQuantityTypeIdentifier';
  const perDay = async (
    type: string,
    unit: string,
    count: number,
    value: (i: number, d: number) => number,
    opts: { phone?: boolean; spanS?: number; from?: number } = {},
  ) => {
    for (let d = 0; d < days; d++) {
      const base = day0 + d * 86_400_000 + (opts.from ?? 0);
      const step = Math.floor((86_400_000 - (opts.from ?? 0)) / count);
      for (let i = 0; i < count; i++) {
        const s = base + i * step;
        await emit(rec(type, unit, value(i, d), s, s + (opts.spanS ?? 0) * 1000, opts.phone));
      }
    }
  };
  await emit(APPLE_EXPORT_HEAD);
  await perDay(`${Q}BodyMass`, 'lb', 1, (_, d) => +(165 + Math.sin(d / 9) * 3).toFixed(1), {
    phone: true,
    from: 7 * 3600_000,
  });
  await perDay(`${Q}HeartRate`, 'count/min', 288, (i) => 58 + ((i * 7) % 30));
  // A half-hour workout's heart rate every 5 seconds, on the days of a workout.
  for (let d = 0; d < days; d += 2) {
    const start = day0 + d * 86_400_000 + 18 * 3600_000;
    for (let i = 0; i < 360; i++)
      await emit(rec(`${Q}HeartRate`, 'count/min', 120 + ((i * 3) % 50), start + i * 5000, start + i * 5000));
  }
  await perDay(`${Q}StepCount`, 'count', 200, (i) => 20 + ((i * 13) % 90), { phone: true, spanS: 300 });
  await perDay(`${Q}StepCount`, 'count', 200, (i) => 15 + ((i * 11) % 80), { spanS: 300 });
  await perDay(`${Q}DistanceWalkingRunning`, 'mi', 200, (i) => +(0.01 + (i % 9) / 200).toFixed(4), {
    spanS: 300,
  });
  await perDay(`${Q}ActiveEnergyBurned`, 'Cal', 300, (i) => +(0.3 + (i % 17) / 10).toFixed(3), {
    spanS: 240,
  });
  await perDay(`${Q}BasalEnergyBurned`, 'Cal', 300, () => 1.1, { spanS: 240 });
  await perDay(`${Q}OxygenSaturation`, '%', 10, (i) => 0.94 + (i % 5) / 100);
  await perDay(`${Q}HeartRateVariabilitySDNN`, 'ms', 5, (i) => 35 + i * 4);
  await perDay(`${Q}RespiratoryRate`, 'count/min', 20, (i) => 13 + (i % 4) / 2);
  await perDay(`${Q}FlightsClimbed`, 'count', 10, () => 2, { phone: true });
  const stages = [
    'InBed',
    'AsleepCore',
    'AsleepDeep',
    'AsleepCore',
    'AsleepREM',
    'Awake',
    'AsleepCore',
    'AsleepREM',
  ];
  for (let d = 0; d < days; d++) {
    const night = day0 + d * 86_400_000 + 4 * 3600_000; // 23:00 local
    await emit(
      rec(
        'HKCategoryTypeIdentifierSleepAnalysis',
        '',
        'HKCategoryValueSleepAnalysisInBed',
        night - 600_000,
        night + 8 * 3600_000,
      ).replace(' unit=""', ''),
    );
    for (let i = 1; i < stages.length; i++) {
      const s = night + (i - 1) * 3600_000;
      await emit(
        rec(
          'HKCategoryTypeIdentifierSleepAnalysis',
          '',
          `HKCategoryValueSleepAnalysis${stages[i]}`,
          s,
          s + 3600_000,
        ).replace(' unit=""', ''),
      );
    }
  }
  for (let d = 0; d < days; d += 7) {
    const t = day0 + d * 86_400_000 + 13 * 3600_000;
    records += 1;
    await emit(
      ` <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Health Mate" sourceVersion="6.2.1" creationDate="${at(t)}" startDate="${at(t)}" endDate="${at(t)}">\n${rec(`${Q}BloodPressureDiastolic`, 'mmHg', 78 + (d % 5), t, t, true)}${rec(`${Q}BloodPressureSystolic`, 'mmHg', 120 + (d % 7), t, t, true)} </Correlation>\n`,
    );
    records -= 2; // the correlation's two Records are one measurement
  }
  for (let d = 0; d < days; d += 2) {
    const s = day0 + d * 86_400_000 + 23 * 3600_000;
    records += 1;
    await emit(
      ` <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" durationUnit="min" sourceName="Ada’s Apple Watch" sourceVersion="10.1" ${WATCH} creationDate="${at(s + 1_800_000)}" startDate="${at(s)}" endDate="${at(s + 1_800_000)}">\n  <WorkoutStatistics type="${Q}ActiveEnergyBurned" startDate="${at(s)}" endDate="${at(s + 1_800_000)}" sum="${300 + (d % 40)}" unit="Cal"/>\n  <WorkoutStatistics type="${Q}DistanceWalkingRunning" startDate="${at(s)}" endDate="${at(s + 1_800_000)}" sum="3.1" unit="mi"/>\n </Workout>\n`,
    );
  }
  for (let d = 0; d < days; d++) {
    records += 1;
    await emit(
      ` <ActivitySummary dateComponents="${at(day0 + d * 86_400_000 + 6 * 3600_000).slice(0, 10)}" activeEnergyBurned="480" activeEnergyBurnedGoal="500" activeEnergyBurnedUnit="Cal" appleExerciseTime="32" appleExerciseTimeGoal="30" appleStandHours="11" appleStandHoursGoal="12"/>\n`,
    );
  }
  buf += APPLE_EXPORT_TAIL;
  bytes += Buffer.byteLength(buf);
  out.end(buf);
  await once(out, 'finish');
  return { records, bytes };
}
