import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createHealthDataIngest } from './ingest.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('GET /api/health-data/summary: the dashboard in one request', () => {
  it('gives per metric 28 local days, this week against last week, and the nights of sleep', async () => {
    const u = await createTestUser(t, { timeZone: 'UTC' });
    // "Today" is read here and again by the server: frozen, so a run across midnight UTC (shown by
    // starting at 23:59:59.7) cannot see two different days.
    t.clock.freeze();
    onTestFinished(() => t.clock.resume());
    const now = t.clock.now().getTime();
    const today = new Date(now).toISOString().slice(0, 10);
    const noon = (daysAgo: number) => Math.floor((now - daysAgo * DAY) / DAY) * DAY + 12 * HOUR;
    const add = async (at: number, metric: string, value: number, unit: string) => {
      const res = await u.client.post('/api/health-data/readings', {
        takenAt: new Date(at).toISOString(),
        measures: [{ metric, value, unit }],
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    for (const d of [2, 3, 4]) await add(noon(d), 'weight', 80, 'kg');
    for (const d of [9, 10]) await add(noon(d), 'weight', 81, 'kg');
    await add(noon(11), 'weight', 81.3, 'kg');
    await add(noon(1), 'steps', 5000, 'steps');
    await add(noon(1) + HOUR, 'steps', 3000, 'steps');
    await add(noon(2), 'steps', 6000, 'steps');
    await add(now - 60_000, 'steps', 100, 'steps'); // today, under way
    const ingest = createHealthDataIngest(t.app.ctx);
    const end = noon(1) - 4 * HOUR; // 08:00 yesterday
    const iso = (ms: number) => new Date(ms).toISOString();
    await ingest.ingest(u.user.id, { source: 'device', deviceId: 'sleep-1', deviceKind: 'sleep_analyzer' }, [
      {
        kind: 'session',
        type: 'sleep',
        start: iso(end - 7 * HOUR),
        end: iso(end),
        stages: [
          { stage: 'light', start: iso(end - 7 * HOUR), end: iso(end - 3 * HOUR) },
          { stage: 'deep', start: iso(end - 3 * HOUR), end: iso(end) },
        ],
      },
    ]);

    const res = await u.client.get('/api/health-data/summary');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ timeZone: 'UTC', today });
    const of = (metric: string) => body.metrics.find((m: { metric: string }) => m.metric === metric);

    const weight = of('weight');
    expect(weight).toMatchObject({ unit: 'kg', aggregate: 'mean', average7: 80 });
    expect(weight.previous7).toBeCloseTo(81.1, 5); // every value counts once: (81 + 81 + 81.3) / 3
    expect(weight.days).toHaveLength(28);
    expect(weight.days.at(-1)).toEqual({ date: today, value: null });
    expect(weight.days.at(-3).value).toBe(80);

    // Day totals; today's total is shown but not averaged (a day under way is not a low day).
    const steps = of('steps');
    expect(steps).toMatchObject({ aggregate: 'sum', average7: 7000, previous7: null });
    expect(steps.days.at(-1).value).toBe(100);
    expect(steps.days.at(-2).value).toBe(8000);

    const sleep = of('sleep');
    expect(sleep).toMatchObject({ unit: 's', average7: 7 * 3600, previous7: null });
    expect(sleep.days.at(-2).value).toBe(7 * 3600);
  });

  it('is empty for a newcomer, and only ever about the caller', async () => {
    const a = await createTestUser(t);
    const b = await createTestUser(t);
    await a.client.post('/api/health-data/readings', {
      takenAt: new Date(t.clock.now().getTime() - HOUR).toISOString(),
      measures: [{ metric: 'weight', value: 70, unit: 'kg' }],
    });
    const res = await b.client.get('/api/health-data/summary');
    expect(res.statusCode).toBe(200);
    expect(res.json().metrics).toEqual([]);
    expect((await t.client().get('/api/health-data/summary')).statusCode).toBe(401);
  });
});
