import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createHealthDataIngest } from '../health-data';
import { getactivity } from './activity.service';
import { createWbsapiRepo } from './wbsapi.repo';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const watch = { source: 'device' as const, deviceId: 'watch-trip', deviceKind: 'watch' as const };
const series = (metric: string, unit: string, start: string, value: number) => ({
  kind: 'series',
  metric,
  unit,
  start,
  intervalSeconds: 60,
  values: Array.from({ length: 60 }, () => value),
});

describe('getactivity on a travel day (docs/time-zones.md)', () => {
  it('gives each local day what was lived on it, at each value’s own offset', async () => {
    // The account stays in Paris while its owner flies to New York on 10 June.
    const { user } = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const ingest = createHealthDataIngest(t.app.ctx);
    const { results } = await ingest.ingest(user.id, watch, [
      series('steps', 'steps', '2026-06-10T09:00:00+02:00', 2),
      series('heart_rate', 'bpm', '2026-06-10T09:00:00+02:00', 60),
      // 21:00 in New York is 03:00 on the 11th in Paris: still the 10th where it was lived.
      series('steps', 'steps', '2026-06-10T21:00:00-04:00', 3),
      series('heart_rate', 'bpm', '2026-06-10T21:00:00-04:00', 100),
      series('steps', 'steps', '2026-06-11T08:00:00-04:00', 1),
    ]);
    expect(results.every((r) => r.status === 'stored')).toBe(true);
    const act = await getactivity(createWbsapiRepo(t.database.db), user.id, {
      startdateymd: '2026-06-09',
      enddateymd: '2026-06-12',
    });
    expect(act.activities).toHaveLength(2);
    expect(act.activities).toMatchObject([
      { date: '2026-06-10', steps: 120 + 180, hr_min: 60, hr_max: 100 },
      { date: '2026-06-11', steps: 60, hr_min: 0, hr_max: 0 },
    ]);
  });
});
