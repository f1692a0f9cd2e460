import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { healthMeasures, healthReadings, healthSeriesDays } from '../health-data/health-data.test-support';
import { DAY_MS, packDay } from '../health-data/health-data.test-support';
import { buildExport, EXPORT_PAGE_ROWS, EXPORT_SERIES_PAGE_DAYS } from './build-export';

// A full collection when asked, so the heap is measured as what is live, not as garbage not yet swept.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const DAYS = 200;
const WEIGH_INS = 1_200;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** 200 days of minute heart rate (288,000 points) and 1,200 weigh-ins, written straight to the tables. */
async function seedLargeAccount(userId: string) {
  const firstDay = Math.floor(t.clock.now().getTime() / DAY_MS) * DAY_MS - DAYS * DAY_MS;
  const days = Array.from({ length: DAYS }, (_, d) => {
    const points = new Map<number, number>();
    for (let slot = 0; slot < 1440; slot++) points.set(slot, 50 + ((slot * 7 + d) % 90));
    const packed = packDay(points, 0);
    return {
      userId,
      metric: 'heart_rate',
      day: new Date(firstDay + d * DAY_MS).toISOString().slice(0, 10),
      sourceKey: 'watch-1',
      intervalSeconds: 60,
      source: 'device' as const,
      deviceId: 'watch-1',
      utcOffsetMinutes: 60,
      firstSlot: packed.firstSlot,
      width: packed.width,
      points: packed.points,
      pointCount: packed.pointCount,
    };
  });
  for (let i = 0; i < days.length; i += 50)
    await t.database.db.insert(healthSeriesDays).values(days.slice(i, i + 50));
  const readings = Array.from({ length: WEIGH_INS }, (_, i) => ({
    userId,
    id: randomUUID(),
    takenAt: new Date(firstDay + i * 4 * 3600_000),
    utcOffsetMinutes: 60,
    source: 'manual' as const,
    metricsKey: 'weight',
  }));
  for (let i = 0; i < readings.length; i += 400) {
    const batch = readings.slice(i, i + 400);
    await t.database.db.insert(healthReadings).values(batch);
    await t.database.db.insert(healthMeasures).values(
      batch.map((r, j) => ({
        userId,
        readingId: r.id,
        metric: 'weight',
        takenAt: r.takenAt,
        value: 70 + ((i + j) % 100) / 10,
      })),
    );
  }
}

/** Counts the archive's bytes and drops them: nothing of the output is kept in memory here. */
function countingSink() {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  return { sink, bytes: () => bytes };
}

describe('Download my data: a large account, bounded memory', () => {
  it('reads page by page (never more than one page per read) and the live heap stays small', async () => {
    const u = await createTestUser(t);
    await seedLargeAccount(u.user.id);

    const reads = new Map<string, { pages: number; maxRows: number }>();
    const probe = (section: string, rows: number) => {
      const seen = reads.get(section) ?? { pages: 0, maxRows: 0 };
      reads.set(section, { pages: seen.pages + 1, maxRows: Math.max(seen.maxRows, rows) });
    };
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let last = { done: 0, total: 0 };
    const { sink, bytes } = countingSink();
    const result = await buildExport(
      t.app.ctx,
      u.user.id,
      sink,
      (p) => {
        last = p;
        // After every page: what is live now (after a full collection) beyond the start.
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      },
      { probe },
    );

    // Every read was bounded by its page size, and the big sections really took many pages.
    for (const [section, r] of reads) {
      const limit = section.startsWith('series') ? EXPORT_SERIES_PAGE_DAYS : EXPORT_PAGE_ROWS;
      expect(r.maxRows, section).toBeLessThanOrEqual(limit);
    }
    expect(reads.get('series')!.pages).toBeGreaterThanOrEqual(Math.ceil(DAYS / EXPORT_SERIES_PAGE_DAYS));
    expect(reads.get('series:heart_rate')!.pages).toBeGreaterThanOrEqual(
      Math.ceil(DAYS / EXPORT_SERIES_PAGE_DAYS),
    );
    expect(reads.get('readings')!.pages).toBeGreaterThanOrEqual(Math.ceil(WEIGH_INS / EXPORT_PAGE_ROWS));
    expect(result.rowCounts.health_series_days).toBe(DAYS);
    expect(last.done).toBe(last.total);
    expect(bytes()).toBeGreaterThan(1_000_000);

    // The account decoded is 288,000 points (~26 MB as CSV, ~9 MB as JSON, more as JS objects). Read
    // in one page (seriesPageDays: 200) the same build keeps ~95 MB live; page by page, under 10 MB.
    console.log(
      `large export: ${(bytes() / 1e6).toFixed(1)} MB zipped, live heap peak +${(peak / 1e6).toFixed(1)} MB`,
    );
    expect(peak).toBeLessThan(24_000_000);
  }, 300_000);
});
