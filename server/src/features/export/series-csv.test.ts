import { metrics } from '@vitalbase/core';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seriesDayPoints } from '../health-data';
import { localIso } from './export-format';
import { seriesDayCsv, seriesDayPointsJson } from './series-csv';

type SeriesDayRow = Parameters<typeof seriesDayCsv>[0];

/** The CSV rows as the export wrote them before series-csv.ts: a tuple, a Date and csv-stringify per point. */
function genericCsv(day: SeriesDayRow, unit: string): string {
  const rows = seriesDayPoints(day).map(([t, v]) => [
    localIso(t, day.utcOffsetMinutes),
    new Date(t).toISOString(),
    v,
    unit,
    day.source,
    day.deviceId ?? '',
    'series',
    '',
  ]);
  return rows.length ? stringify(rows) : '';
}

const GAP = { 2: -32768, 4: -2147483648 } as const;

/** A stored day: scaled values (null = gap) packed little-endian at the row's width. */
const dayRow = fc
  .record({
    metric: fc.constantFrom(...metrics.map((m) => m.id)),
    day: fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }),
    intervalSeconds: fc.constantFrom(1, 5, 60, 300, 900, 3600),
    utcOffsetMinutes: fc.constantFrom(0, 60, -60, 120, 330, 345, -210, 840, -720, 525),
    source: fc.constantFrom('device', 'manual', 'import', 'partner'),
    deviceId: fc.option(
      fc.constantFrom('a6c1e3f0-2b7d-4c8e-9f10-1234567890ab', 'with,comma', 'with "quote"'),
    ),
    width: fc.constantFrom(2 as const, 4 as const),
    values: fc.array(fc.option(fc.integer({ min: -32767, max: 32767 }), { freq: 5 }), { maxLength: 200 }),
    start: fc.nat(),
  })
  .map((r): SeriesDayRow => {
    const perDay = 86_400 / r.intervalSeconds;
    const values = r.values.slice(0, perDay);
    const firstSlot = r.start % Math.max(1, perDay - values.length + 1);
    const points = new Uint8Array(values.length * r.width);
    const view = new DataView(points.buffer);
    values.forEach((v, i) => {
      const s = v === null ? GAP[r.width] : r.width === 4 ? v * 65_537 : v;
      if (r.width === 2) view.setInt16(i * 2, s, true);
      else view.setInt32(i * 4, s, true);
    });
    return {
      userId: 'u',
      metric: r.metric,
      day: r.day.toISOString().slice(0, 10),
      sourceKey: r.deviceId ?? r.source,
      intervalSeconds: r.intervalSeconds,
      source: r.source as SeriesDayRow['source'],
      deviceId: r.deviceId,
      utcOffsetMinutes: r.utcOffsetMinutes,
      firstSlot,
      width: r.width,
      points,
      pointCount: values.filter((v) => v !== null).length,
      rollup: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    };
  });

describe('seriesDayCsv', () => {
  it('writes the same bytes as a tuple, a Date and csv-stringify per point (property)', () => {
    fc.assert(
      fc.property(dayRow, fc.constantFrom('bpm', '%', 'kg', 'a,b', 'say "x"'), (day, unit) => {
        expect(seriesDayCsv(day, unit)).toBe(genericCsv(day, unit));
      }),
      { numRuns: 300 },
    );
  });

  it("gives data.json's points as toISOString of each instant did (property)", () => {
    fc.assert(
      fc.property(dayRow, (day) => {
        const before = seriesDayPoints(day).map(([t, v]) => [new Date(t).toISOString(), v]);
        expect(seriesDayPointsJson(day)).toBe(JSON.stringify(before));
      }),
      { numRuns: 200 },
    );
  });
});
