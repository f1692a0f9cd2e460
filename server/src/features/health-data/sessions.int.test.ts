import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createHealthDataIngest } from './ingest.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const base = '/api/health-data';
const analyzer = { source: 'device' as const, deviceId: 'sleep-1', deviceKind: 'sleep_analyzer' as const };
const night = {
  kind: 'session',
  type: 'sleep',
  start: '2026-05-01T23:00:00+02:00',
  end: '2026-05-02T07:00:00+02:00',
  stages: [
    { stage: 'awake', start: '2026-05-01T23:00:00+02:00', end: '2026-05-01T23:20:00+02:00' },
    { stage: 'light', start: '2026-05-01T23:20:00+02:00', end: '2026-05-02T01:00:00+02:00' },
    { stage: 'deep', start: '2026-05-02T01:00:00+02:00', end: '2026-05-02T03:00:00+02:00' },
    { stage: 'awake', start: '2026-05-02T03:00:00+02:00', end: '2026-05-02T03:10:00+02:00' },
    { stage: 'rem', start: '2026-05-02T03:10:00+02:00', end: '2026-05-02T07:00:00+02:00' },
  ],
  events: [{ type: 'snoring', start: '2026-05-02T01:30:00+02:00', end: '2026-05-02T01:45:00+02:00' }],
};

describe('sessions', () => {
  it('stores a night with its stages and snoring, summarises it, and hides it from other users', async () => {
    const { user, client } = await createTestUser(t);
    const ingest = createHealthDataIngest(t.app.ctx);
    const { results } = await ingest.ingest(user.id, analyzer, [night]);
    expect(results[0]!.status).toBe('stored');
    expect((await ingest.ingest(user.id, analyzer, [night])).results[0]!.status).toBe('duplicate');
    const list = (
      await client.get(`${base}/sessions?type=sleep&from=2026-05-01T00:00:00Z&to=2026-05-03T00:00:00Z`)
    ).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].stages).toHaveLength(5);
    expect(list.items[0].stages[2]).toEqual({
      stage: 'deep',
      start: '2026-05-01T23:00:00.000Z',
      end: '2026-05-02T01:00:00.000Z',
    });
    expect(list.items[0].events[0].type).toBe('snoring');
    const summary = (
      await client.get(`${base}/derived?kind=sleep_summary&from=2026-05-01T00:00:00Z&to=2026-05-03T00:00:00Z`)
    ).json();
    expect(summary.items[0].details).toMatchObject({
      inBedSeconds: 8 * 3600,
      asleepSeconds: 8 * 3600 - 30 * 60,
      deepSeconds: 2 * 3600,
      wakeUps: 1,
      latencySeconds: 20 * 60,
      snoringSeconds: 15 * 60,
    });
    const id = list.items[0].id;
    const other = await createTestUser(t);
    expect((await other.client.get(`${base}/sessions/${id}`)).statusCode).toBe(404);
    expect((await other.client.delete(`${base}/sessions/${id}`)).statusCode).toBe(404);
    expect((await client.get(`${base}/sessions/${id}`)).statusCode).toBe(200);
    expect((await client.delete(`${base}/sessions/${id}`)).statusCode).toBe(204);
    expect(
      (await client.get(`${base}/sessions?from=2026-05-01T00:00:00Z&to=2026-05-03T00:00:00Z`)).json().items,
    ).toEqual([]);
    expect(
      (
        await client.get(
          `${base}/derived?kind=sleep_summary&from=2026-05-01T00:00:00Z&to=2026-05-03T00:00:00Z`,
        )
      ).json().items,
    ).toEqual([]);
  });

  it('rejects a bad session: stages overlapping or outside, end before start, snoring from a watch', async () => {
    const { user } = await createTestUser(t);
    const ingest = createHealthDataIngest(t.app.ctx);
    const stages = night.stages;
    const { results } = await ingest.ingest(user.id, analyzer, [
      { ...night, end: night.start },
      { ...night, stages: [stages[1], { ...stages[2], start: '2026-05-02T00:30:00+02:00' }] },
      { ...night, stages: [{ ...stages[0], start: '2026-05-01T22:00:00+02:00' }] },
      { ...night, type: 'nap' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(results[1]!.errors!.map((e) => e.code)).toContain('overlapping_stages');
    expect(results[2]!.errors!.map((e) => e.code)).toContain('outside_session');
    const watch = await ingest.ingest(user.id, { source: 'device', deviceId: 'w', deviceKind: 'watch' }, [
      night,
    ]);
    expect(watch.results[0]!.errors!.map((e) => e.code)).toContain('not_produced_by_device');
    expect(
      (await t.client().get(`${base}/sessions?from=2026-05-01T00:00:00Z&to=2026-05-03T00:00:00Z`)).statusCode,
    ).toBe(401);
  });
});
