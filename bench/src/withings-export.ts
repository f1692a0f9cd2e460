import { writeFile } from 'node:fs/promises';
import { zipOf } from '../../server/src/features/imports/imports.test-support';

/**
 * A generated Withings data archive of `years` years, as Health Mate's "Download my data" lays it out
 * (the files and headers of imports.test-support.ts), with the mix of a person weighing in every
 * morning, wearing a watch day and night and a sleep analyser under the mattress: per day a weigh-in
 * (5 masses), a blood-pressure reading every third day, a night with its stage totals, a workout every
 * other day, an aggregates_ row per total (skipped: recomputed), and the intraday raw_ files — steps,
 * distance and calories as one row per waking hour of 60 one-minute values (07:00–22:00), heart rate as
 * one row per hour of 6 ten-minute values. Local times without an offset in weight/bp, ISO with one
 * elsewhere, as Withings writes them. `records` counts the CSV rows (not the values inside raw_ rows).
 */
export async function writeWithingsArchive(
  file: string,
  years: number,
): Promise<{ records: number; bytes: number; zipBytes: number; days: number }> {
  const days = Math.round(years * 365.25);
  const day0 = Date.UTC(2016, 0, 1);
  const files = new Map<string, string[]>();
  let records = 0;
  const row = (name: string, header: string, line: string) => {
    let lines = files.get(name);
    if (!lines) {
      lines = [header];
      files.set(name, lines);
    }
    lines.push(line);
    records += 1;
  };
  // Paris in winter (+01:00) all year: the offset does not matter to the workload.
  const local = (ms: number) => new Date(ms + 3_600_000).toISOString().slice(0, 19);
  const iso = (ms: number) => `${local(ms)}+01:00`;
  for (let d = 0; d < days; d++) {
    const day = day0 + d * 86_400_000;
    const w = 72 + Math.sin(d / 40) * 2;
    row(
      'weight.csv',
      'Date,Weight (kg),Fat mass (kg),Bone mass (kg),Muscle mass (kg),Hydration (kg),Comments',
      `"${local(day + 6 * 3_600_000).replace('T', ' ')}","${w.toFixed(2)}","${(w * 0.2).toFixed(2)}","3.10","${(w * 0.74).toFixed(2)}","${(w * 0.55).toFixed(2)}",""`,
    );
    if (d % 3 === 0)
      row(
        'bp.csv',
        'Date,Heart rate,Systolic,Diastolic,Comments',
        `"${local(day + 7 * 3_600_000).replace('T', ' ')}",${60 + (d % 9)},${118 + (d % 11)},${76 + (d % 7)},""`,
      );
    const bed = day - 1.5 * 3_600_000;
    row(
      'sleep.csv',
      'from,to,light (s),deep (s),rem (s),awake (s),wake up,Duration to sleep (s),Duration to wake up (s),Snoring (s),Snoring episodes,Average heart rate,Heart rate (min),Heart rate (max)',
      `${iso(bed)},${iso(bed + 8 * 3_600_000)},${13_000 + (d % 7) * 100},${6_000 + (d % 5) * 60},${5_400 - (d % 3) * 60},${2_000 + (d % 4) * 30},${d % 3},600,300,${d % 5 ? 0 : 420},${d % 5 ? 0 : 3},${54 + (d % 6)},${46 + (d % 4)},${72 + (d % 9)}`,
    );
    if (d % 2 === 0) {
      const run = day + 17 * 3_600_000;
      row(
        'activities.csv',
        'from,to,Activity type,Data',
        `${iso(run)},${iso(run + 45 * 60_000)},Running,"{""calories"":${400 + (d % 50)},""distance"":${7000 + (d % 300)},""steps"":${6800 + (d % 200)}}"`,
      );
    }
    const date = local(day + 3_600_000).slice(0, 10);
    row('aggregates_steps.csv', 'date,value', `${date},${8000 + (d % 2000)}`);
    row('aggregates_distance.csv', 'date,value', `${date},${6000 + (d % 1500)}`);
    row('aggregates_calories_earned.csv', 'date,value', `${date},${450 + (d % 90)}`);
    for (let h = 7; h < 22; h++) {
      const at = iso(day + (h - 1) * 3_600_000);
      const minutes = Array.from({ length: 60 }, () => 60);
      const steps = minutes.map((_, i) => (i * 7 + h + d) % 120);
      row('raw_tracker_steps.csv', 'start,duration,value', `${at},"[${minutes}]","[${steps}]"`);
      row(
        'raw_tracker_distance.csv',
        'start,duration,value',
        `${at},"[${minutes}]","[${steps.map((s) => +(s * 0.75).toFixed(2))}]"`,
      );
      row(
        'raw_tracker_calories-earned.csv',
        'start,duration,value',
        `${at},"[${minutes}]","[${steps.map((s) => +(s * 0.04).toFixed(2))}]"`,
      );
    }
    for (let h = 0; h < 24; h++) {
      const values = Array.from({ length: 6 }, (_, i) => 55 + ((h * 6 + i + d) % 40));
      row(
        'raw_hr_hr.csv',
        'start,duration,value',
        `${iso(day + (h - 1) * 3_600_000)},"[600,600,600,600,600,600]","[${values}]"`,
      );
    }
  }
  const zip = await zipOf(Object.fromEntries([...files].map(([name, lines]) => [name, lines.join('\n')])));
  await writeFile(file, zip);
  let bytes = 0;
  for (const lines of files.values()) for (const l of lines) bytes += l.length + 1;
  return { records, bytes, zipBytes: zip.length, days };
}
