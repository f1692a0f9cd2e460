import yazl from 'yazl';
import type { ApiClient } from '../../test/harness';

/**
 * A Withings data archive as Health Mate writes it (headers from Withings' own README of the export:
 * weight.csv, bp.csv, sleep.csv, activities.csv, aggregates_*.csv, raw_*.csv), small enough to count by
 * hand. Local times without an offset in weight/bp/sleep, ISO times with one in raw_ files.
 */
export const WITHINGS_FILES: Record<string, string> = {
  'weight.csv': [
    'Date,Weight (kg),Fat mass (kg),Bone mass (kg),Muscle mass (kg),Hydration (kg),Comments',
    '"2026-11-03 07:12:00","71.3","14.2","3.1","53.4","39.9",""',
    '"2026-11-02 07:05:00","71.6","14.3","3.1","53.5","40.0",""',
    '"2026-11-01 07:20:00","900","","","","",""',
  ].join('\n'),
  'bp.csv': [
    'Date,Heart rate,Systolic,Diastolic,Comments',
    '"2026-11-02 08:00:00",64,121,79,""',
    '"2026-11-01 08:00:00",66,118,77,""',
  ].join('\n'),
  'sleep.csv': [
    'from,to,light (s),deep (s),rem (s),awake (s),Average heart rate,Heart rate (min),Heart rate (max)',
    '2026-11-01T23:10:00+01:00,2026-11-02T06:40:00+01:00,14000,6000,5000,2000,55,48,70',
  ].join('\n'),
  'activities.csv': [
    'from,to,Activity type,Data',
    '2026-11-02T18:00:00+01:00,2026-11-02T18:45:00+01:00,Running,"{""calories"":420,""distance"":7000,""steps"":6800}"',
  ].join('\n'),
  'raw_tracker_steps.csv': [
    'start,duration,value',
    '2026-11-02T09:00:00+01:00,"[60,60,60]","[100,120,90]"',
    '2026-11-02T10:00:00+01:00,[60],[75]',
  ].join('\n'),
  'aggregates_steps.csv': 'date,value\n2026-11-02,385',
  'signal.csv': 'date,type,frequency,duration,wear position,signal\n',
  'notes.txt': 'not data',
};

/** The same weigh-ins as a French account in pounds writes them (semicolons, decimal commas, BOM). */
export const WITHINGS_FRENCH_FILES: Record<string, string> = {
  'weight.csv': `\uFEFF${['Date;Poids (lb);Masse grasse (lb);Commentaires', '"2026-10-03 07:12:00";"157,2";"31,3";""'].join('\n')}`,
  'bp.csv': [
    'Date;Fréquence cardiaque;Systolique;Diastolique;Commentaires',
    '"2026-10-02 08:00:00";64;121;79;""',
  ].join('\n'),
};

export async function zipOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files))
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
  zip.end();
  const parts: Buffer[] = [];
  for await (const chunk of zip.outputStream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** Starts an import and uploads `file` in chunks of `chunk` bytes, as the web app does. */
export async function uploadImport(
  client: ApiClient,
  file: Buffer,
  opts: { format?: string; chunk?: number; fileName?: string; options?: Record<string, unknown> } = {},
): Promise<string> {
  const created = await client.post('/api/me/imports', {
    format: opts.format ?? 'withings_archive',
    fileName: opts.fileName ?? 'withings.zip',
    size: file.length,
    ...(opts.options ? { options: opts.options } : {}),
  });
  if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`);
  const { id } = created.json() as { id: string };
  const size = opts.chunk ?? 64 * 1024;
  for (let start = 0; start < file.length; start += size) {
    const part = file.subarray(start, start + size);
    const res = await client.put(`/api/me/imports/${id}/content`, part, {
      headers: {
        'content-type': 'application/octet-stream',
        'content-range': `bytes ${start}-${start + part.length - 1}/${file.length}`,
      },
    });
    if (res.statusCode !== 200) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  }
  return id;
}
