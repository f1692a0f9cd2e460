import { metrics } from '@vitalbase/core';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seriesDayPoints } from '../health-data';
import { packDay } from '../health-data/health-data.test-support';
import { ByteText } from './byte-text';
import { localIso } from './export-format';
import { writeSeriesDayCsv, writeSeriesDayPointsJson } from './series-csv';

type SeriesDayRow = Parameters<typeof writeSeriesDayCsv>[1];

/** The bytes written, as text; small chunks so that lines and points cross from one chunk to the next. */
function written(write: (out: ByteText) => void, chunkBytes: number): string {
  const out = new ByteText(chunkBytes);
  const parts: Buffer[] = [];
  write(out);
  const last = out.take();
  if (last) parts.push(last);
  return Buffer.concat(parts).toString('utf8');
}

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
    width: fc.constantFrom(1 as const, 2 as const, 4 as const),
    values: fc.array(fc.option(fc.integer({ min: -32767, max: 32767 }), { freq: 5 }), { maxLength: 200 }),
    start: fc.nat(),
  })
  .map((r): SeriesDayRow => {
    const perDay = 86_400 / r.intervalSeconds;
    const values = r.values.slice(0, perDay);
    const firstSlot = r.start % Math.max(1, perDay - values.length + 1);
    const decimals = metrics.find((m) => m.id === r.metric)?.decimals ?? 0;
    let packed: { firstSlot: number; width: 1 | 2 | 4; points: Uint8Array } = {
      firstSlot,
      width: r.width,
      points: new Uint8Array(values.length * r.width),
    };
    if (r.width === 1) {
      // Today's compact layout, through the codec's own writer.
      const day = new Map<number, number>();
      values.forEach((v, i) => {
        if (v !== null) day.set(firstSlot + i, v / 10 ** decimals);
      });
      packed = packDay(day, decimals);
    } else {
      const view = new DataView(packed.points.buffer);
      values.forEach((v, i) => {
        const s = v === null ? GAP[r.width as 2 | 4] : r.width === 4 ? v * 65_537 : v;
        if (r.width === 2) view.setInt16(i * 2, s, true);
        else view.setInt32(i * 4, s, true);
      });
    }
    return {
      userId: 'u',
      metric: r.metric,
      day: r.day.toISOString().slice(0, 10),
      sourceKey: r.deviceId ?? r.source,
      intervalSeconds: r.intervalSeconds,
      source: r.source as SeriesDayRow['source'],
      deviceId: r.deviceId,
      utcOffsetMinutes: r.utcOffsetMinutes,
      ...packed,
      pointCount: values.filter((v) => v !== null).length,
      rollup: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    };
  });

const chunkBytes = fc.constantFrom(64, 300, 1 << 16);

describe('writeSeriesDayCsv', () => {
  it('writes the same bytes as a tuple, a Date and csv-stringify per point (property)', () => {
    fc.assert(
      fc.property(
        dayRow,
        fc.constantFrom('bpm', '%', 'kg', 'a,b', 'say "x"', 'µg/m³'),
        chunkBytes,
        (day, unit, size) => {
          expect(written((out) => writeSeriesDayCsv(out, day, unit), size)).toBe(genericCsv(day, unit));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives data.json's points as toISOString of each instant did (property)", () => {
    fc.assert(
      fc.property(dayRow, chunkBytes, (day, size) => {
        const before = seriesDayPoints(day).map(([t, v]) => [new Date(t).toISOString(), v]);
        expect(written((out) => writeSeriesDayPointsJson(out, day), size)).toBe(JSON.stringify(before));
      }),
      { numRuns: 200 },
    );
  });

  it('writes days one after the other into one text as they were joined (DST: two offsets, a day apart)', () => {
    // Europe/Paris around the autumn change: the day before at +02:00, the day of the change at +01:00.
    const base = fc.sample(
      dayRow.filter((d) => d.pointCount > 0),
      { numRuns: 1, seed: 17 },
    )[0]!;
    const days = [
      { ...base, day: '2025-10-25', utcOffsetMinutes: 120 },
      { ...base, day: '2025-10-26', utcOffsetMinutes: 60 },
    ];
    const text = written((out) => {
      for (const d of days) writeSeriesDayCsv(out, d, 'bpm');
    }, 64);
    expect(text).toBe(days.map((d) => genericCsv(d, 'bpm')).join(''));
  });
});

describe('ByteText.number', () => {
  it('writes what String gives (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, 0, 2 ** 53, -(2 ** 53), 1e21, 0.1 + 0.2)),
        (n) => {
          expect(written((out) => out.number(n), 64)).toBe(String(n));
        },
      ),
      { numRuns: 500 },
    );
  });
});
