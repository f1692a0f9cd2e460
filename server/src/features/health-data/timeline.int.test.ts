import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createTestApp, createTestUser, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const base = '/api/health-data';
const weight = (takenAt: string, kg: number) => ({
  takenAt,
  measures: [{ metric: 'weight', value: kg, unit: 'kg' }],
});

async function add(client: ApiClient, body: object): Promise<string> {
  const res = await client.post(`${base}/readings`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

describe('the timeline pages to the nearest day with readings', () => {
  it("skips empty days, in the reading's own local day, by metric, without deleted readings", async () => {
    const { client } = await createTestUser(t, { timeZone: 'Europe/Paris' });
    await add(client, weight('2026-06-01T10:00:00+02:00', 70));
    await add(client, {
      takenAt: '2026-06-03T08:00:00+02:00',
      measures: [
        { metric: 'systolic_bp', value: 120, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 80, unit: 'mmHg' },
      ],
    });
    await add(client, weight('2026-06-05T23:30:00+02:00', 70.2));
    // 22:30 UTC on 7 June, lived on 8 June in Paris.
    await add(client, weight('2026-06-08T00:30:00+02:00', 70.4));
    const gone = await add(client, weight('2026-06-10T09:00:00+02:00', 70.6));
    expect((await client.delete(`${base}/readings/${gone}`)).statusCode).toBe(204);
    const other = await createTestUser(t, { timeZone: 'Europe/Paris' });
    await add(other.client, weight('2026-06-06T09:00:00+02:00', 60));

    const adjacent = async (day: string, direction: string, metrics?: string) => {
      const q = new URLSearchParams({ day, direction, ...(metrics ? { metrics } : {}) });
      const res = await client.get(`${base}/timeline/adjacent-day?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().day;
    };
    expect(await adjacent('2026-06-08', 'older')).toBe('2026-06-05');
    expect(await adjacent('2026-06-05', 'older')).toBe('2026-06-03');
    expect(await adjacent('2026-06-05', 'older', 'weight')).toBe('2026-06-01');
    expect(await adjacent('2026-06-05', 'older', 'weight,systolic_bp')).toBe('2026-06-03');
    expect(await adjacent('2026-06-05', 'newer')).toBe('2026-06-08');
    expect(await adjacent('2026-06-08', 'newer')).toBeNull();
    expect(await adjacent('2026-06-01', 'older')).toBeNull();
  });

  it('refuses an unknown metric or a malformed day with a 400', async () => {
    const { client } = await createTestUser(t);
    const unknown = await client.get(
      `${base}/timeline/adjacent-day?day=2026-06-01&direction=older&metrics=nope`,
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([{ path: 'metrics', code: 'unknown_metric' }]);
    const bad = await client.get(`${base}/timeline/adjacent-day?day=June&direction=sideways`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_input');
  });
});
