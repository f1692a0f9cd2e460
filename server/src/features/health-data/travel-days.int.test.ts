import { localDateAtOffset } from '@vitalbase/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createHealthDataIngest } from './ingest.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const base = '/api/health-data';
const watch = { source: 'device' as const, deviceId: 'watch-travel', deviceKind: 'watch' as const };
const manual = { source: 'manual' as const };
const stepsFrom = (start: string, minutes: number, each: number) => ({
  kind: 'series',
  metric: 'steps',
  unit: 'steps',
  start,
  intervalSeconds: 60,
  values: Array.from({ length: minutes }, () => each),
});
const stepsReading = (takenAt: string, value: number) => ({
  kind: 'reading',
  takenAt,
  measures: [{ metric: 'steps', value, unit: 'steps' }],
});

type Client = Awaited<ReturnType<typeof createTestUser>>['client'];
async function dayTotals(client: Client, from: string, to: string) {
  const res = await client.get(`${base}/derived?kind=daily_totals&from=${from}&to=${to}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Array<{ key: string; value: number }>).map((i) => [i.key, i.value]);
}
async function daySums(client: Client, from: string, to: string) {
  const res = await client.get(`${base}/aggregates?metric=steps&period=day&from=${from}&to=${to}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().periods as Array<{ period: string; sum: number | null }>).map((p) => [p.period, p.sum]);
}

describe('travel: a day total counts each value on the date it was lived (docs/time-zones.md)', () => {
  it('Paris → New York on 10 June: the evening in New York counts on the 10th, not on the Paris 11th', async () => {
    // The account stays in Paris: the person did not change it while away.
    const { user, client } = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const ingest = createHealthDataIngest(t.app.ctx);
    const { results } = await ingest.ingest(user.id, watch, [
      // Just after midnight in Paris (22:30Z on the 9th): the 10th.
      stepsFrom('2026-06-10T00:30:00+02:00', 60, 2),
      // The morning before the flight.
      stepsFrom('2026-06-10T09:00:00+02:00', 60, 1),
      // The evening in New York (01:00Z on the 11th, 03:00 in Paris): still the 10th where it was lived.
      stepsFrom('2026-06-10T21:00:00-04:00', 60, 3),
      // The next morning in New York.
      stepsFrom('2026-06-11T08:00:00-04:00', 60, 1),
    ]);
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored', 'stored']);
    // Steps typed in by hand in New York that night (02:30Z on the 11th).
    await ingest.ingest(user.id, manual, [stepsReading('2026-06-10T22:30:00-04:00', 500)]);

    expect(await dayTotals(client, '2026-06-08T00:00:00Z', '2026-06-13T00:00:00Z')).toEqual([
      ['2026-06-10', 120 + 60 + 180 + 500],
      ['2026-06-11', 60],
    ]);
    // The charts and the dashboard read the aggregates: the same days.
    expect(await daySums(client, '2026-06-09', '2026-06-12')).toEqual([
      ['2026-06-09', null],
      ['2026-06-10', 860],
      ['2026-06-11', 60],
      ['2026-06-12', null],
    ]);
  });

  it('a series day that moves to another offset is cut again on the new one (the old dates too)', async () => {
    const { user, client } = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const ingest = createHealthDataIngest(t.app.ctx);
    // 23:30–00:30 in Paris: 30 steps on the 10th, 30 on the 11th.
    await ingest.ingest(user.id, watch, [stepsFrom('2026-06-10T23:30:00+02:00', 60, 1)]);
    expect(await dayTotals(client, '2026-06-09T00:00:00Z', '2026-06-13T00:00:00Z')).toEqual([
      ['2026-06-10', 30],
      ['2026-06-11', 30],
    ]);
    // The same device then sends points of the same UTC day from New York (16:00Z): a series day keeps
    // one offset, its latest, so its earlier points move to New York's clock (17:30–18:30 on the 10th).
    await ingest.ingest(user.id, watch, [stepsFrom('2026-06-10T12:00:00-04:00', 1, 5)]);
    expect(await dayTotals(client, '2026-06-09T00:00:00Z', '2026-06-13T00:00:00Z')).toEqual([
      ['2026-06-10', 65],
    ]);
    expect(await daySums(client, '2026-06-10', '2026-06-11')).toEqual([
      ['2026-06-10', 65],
      ['2026-06-11', null],
    ]);
  });

  it('every step counts once, on its own date, whatever the offsets (property)', async () => {
    const ingest = createHealthDataIngest(t.app.ctx);
    const start = Date.parse('2026-06-10T00:00:00Z');
    const reading = fc.record({
      minute: fc.integer({ min: 0, max: 3 * 24 * 60 - 1 }),
      // Whole quarter hours from −12:00 to +14:00, as offsets in use.
      quarter: fc.integer({ min: -48, max: 56 }),
      steps: fc.integer({ min: 1, max: 5000 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(reading, { minLength: 1, maxLength: 8, selector: (r) => r.minute }),
        async (rs) => {
          const { user, client } = await createTestUser(t, { timeZone: 'America/Los_Angeles' });
          const items = rs.map((r) => {
            const offset = r.quarter * 15;
            const at = start + r.minute * 60_000;
            const local = new Date(at + offset * 60_000).toISOString().slice(0, 19);
            const sign = offset < 0 ? '-' : '+';
            const abs = Math.abs(offset);
            const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
            return stepsReading(`${local}${zone}`, r.steps);
          });
          const { results } = await ingest.ingest(user.id, manual, items);
          expect(results.every((r) => r.status === 'stored')).toBe(true);
          const expected = new Map<string, number>();
          for (const r of rs) {
            const date = localDateAtOffset(start + r.minute * 60_000, r.quarter * 15);
            expected.set(date, (expected.get(date) ?? 0) + r.steps);
          }
          const wanted = [...expected].sort(([a], [b]) => a.localeCompare(b));
          // The list is in the order of the days' starts: with −10:45 and +13:30 a later date can start
          // earlier, so the dates are compared as a set of totals, not in list order.
          const totals = await dayTotals(client, '2026-06-01T00:00:00Z', '2026-06-20T00:00:00Z');
          expect(totals.sort(([a], [b]) => String(a).localeCompare(String(b)))).toEqual(wanted);
          const sums = await daySums(client, '2026-06-08', '2026-06-14');
          expect(sums.filter(([, s]) => s !== null)).toEqual(wanted);
        },
      ),
      {
        numRuns: 12,
        // A run found this once: the 11th at +13:30 starts (10 June 10:30 UTC) before the 10th at −10:45.
        examples: [
          [
            [
              { minute: 1740, quarter: -43, steps: 100 },
              { minute: 720, quarter: 54, steps: 200 },
            ],
          ],
        ],
      },
    );
  });
});
