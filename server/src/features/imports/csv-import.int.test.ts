import type { ImportView } from '@vitalbase/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { importRunJob } from './imports.jobs';
import { uploadImport } from './imports.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const mapping = {
  dateColumn: 'Measured',
  dateFormat: 'DD/MM/YYYY HH:mm',
  timeZone: 'Europe/Paris',
  columns: [
    { column: 'Weight', metric: 'weight', unit: 'lb' },
    { column: 'Temp', metric: 'body_temperature', unit: '°F' },
  ],
};

async function importCsv(
  u: TestUser,
  file: Buffer,
  options: Record<string, unknown> = mapping,
): Promise<ImportView> {
  const id = await uploadImport(u.client, file, { format: 'csv', fileName: 'mine.csv', options });
  await importRunJob.run(t.app.ctx, { userId: u.user.id, importId: id });
  return (await u.client.get(`/api/me/imports/${id}`)).json() as ImportView;
}

const values = async (u: TestUser) =>
  (
    await t.database.raw.query<{ metric: string; value: number; at: string }>(
      `select m.metric, m.value, to_char(m.taken_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') at
         from health_measures m where m.user_id = $1 order by m.taken_at, m.metric`,
      [u.user.id],
    )
  ).rows;

describe('CSV import with a column mapping', () => {
  it('reads UTF-16 with its BOM, semicolons and decimal commas, in the units and zone of the mapping', async () => {
    const u = await createTestUser(t);
    const text =
      'Measured;Weight;Temp\r\n02/11/2026 07:30;165,5;98,6\r\n03/11/2026 07:30;;99,1\r\n31/02/2026 07:30;160;\r\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const done = await importCsv(u, utf16);
    expect(done.state, done.error ?? '').toBe('done');
    expect(done.report).toMatchObject({ imported: { readings: 2 }, refused: 1 });
    expect(done.report!.refusals).toEqual([expect.objectContaining({ line: 4, code: 'bad_date' })]);
    expect(await values(u)).toEqual([
      { metric: 'body_temperature', value: 37, at: '2026-11-02T06:30' },
      { metric: 'weight', value: 75.07, at: '2026-11-02T06:30' },
      { metric: 'body_temperature', value: 37.28, at: '2026-11-03T06:30' },
    ]);
  });

  it('refuses times without an offset when the mapping names no zone, row by row', async () => {
    const u = await createTestUser(t);
    const file = Buffer.from('\uFEFFwhen,kg\n2026-11-02T07:30:00+01:00,70\n2026-11-03 07:30,71\n');
    const done = await importCsv(u, file, {
      dateColumn: 'when',
      dateFormat: 'iso',
      columns: [{ column: 'kg', metric: 'weight', unit: 'kg' }],
    });
    expect(done.report).toMatchObject({ imported: { readings: 1 }, refused: 1 });
    expect(done.report!.refusals).toEqual([expect.objectContaining({ line: 3, code: 'date_without_zone' })]);
  });

  it('a file cut with another delimiter fails whole, with a clear error', async () => {
    const u = await createTestUser(t);
    const done = await importCsv(u, Buffer.from('Measured|Weight|Temp\n02/11/2026 07:30|165|98\n'));
    expect(done.state).toBe('failed');
    expect(done.error).toContain('delimiter');
    expect(await values(u)).toEqual([]);
  });

  it('a mapping to an unknown metric or unit is refused before the upload', async () => {
    const u = await createTestUser(t);
    const res = await u.client.post('/api/me/imports', {
      format: 'csv',
      fileName: 'a.csv',
      size: 10,
      options: { ...mapping, columns: [{ column: 'Weight', metric: 'weight', unit: 'furlong' }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      expect.objectContaining({ path: 'options.columns.0.unit', code: 'unknown_unit' }),
    ]);
  });
});
