import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { deviceCall, makeUnit, pairUnit, syncKey } from './devices.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

function minutesAgo(m: number): string {
  return new Date(t.clock.now().getTime() - m * 60_000).toISOString().replace('Z', '+00:00');
}

/** A 30-minute run, with or without its GPS route. */
function run(startMinutesAgo: number, withRoute: boolean) {
  const start = minutesAgo(startMinutesAgo);
  const end = minutesAgo(startMinutesAgo - 30);
  return {
    kind: 'session',
    type: 'workout',
    workoutType: 'running',
    start,
    end,
    ...(withRoute
      ? {
          route: [
            { at: start, lat: 48.8566123456, lon: 2.3522, altitudeM: 35.26 },
            { at: minutesAgo(startMinutesAgo - 15), lat: 48.86, lon: 2.35 },
            { at: end, lat: 48.8584, lon: 2.2945 },
          ],
        }
      : {}),
  };
}

async function sessionsOf(client: Awaited<ReturnType<typeof createTestUser>>['client']) {
  const from = new Date(t.clock.now().getTime() - 3 * 86_400_000).toISOString();
  const to = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
  const res = await client.get(
    `/api/health-data/sessions?type=workout&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
  );
  expect(res.statusCode).toBe(200);
  return res.json().items as Array<{ route: Array<{ lat: number; lon: number; altitudeM?: number }> }>;
}

describe('location data and the geolocation consent (P13)', () => {
  it('refuses a route without consent, keeps the rest of the batch, and stores it once consent is given', async () => {
    const { client } = await createTestUser(t);
    const watch = await pairUnit(client, await makeUnit(t, 'vb-watch'));

    const refused = await deviceCall(
      t,
      watch.credential,
      '/api/device/sync',
      { items: [run(600, true), run(300, false)] },
      syncKey(),
    );
    expect(refused.statusCode).toBe(200);
    const body = refused.json();
    expect(body.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ path: 'route', code: 'geolocation_consent_required' }],
    });
    expect(body.results[1].status).toBe('stored');
    // The refusal message never echoes the coordinates.
    expect(JSON.stringify(body)).not.toContain('48.85');
    const before = await sessionsOf(client);
    expect(before).toHaveLength(1);
    expect(before[0]!.route).toEqual([]);

    const consent = await client.put('/api/me/consents/geolocation', { granted: true, wordingVersion: 1 });
    expect(consent.statusCode).toBe(200);
    const stored = await deviceCall(
      t,
      watch.credential,
      '/api/device/sync',
      { items: [run(600, true)] },
      syncKey(),
    );
    expect(stored.json().results[0].status).toBe('stored');
    const after = await sessionsOf(client);
    const withRoute = after.find((s) => s.route.length > 0)!;
    expect(withRoute.route).toHaveLength(3);
    // Stored at 6 decimals (about 11 cm), altitude at 0.1 m.
    expect(withRoute.route[0]).toMatchObject({ lat: 48.856612, lon: 2.3522, altitudeM: 35.3 });

    // Withdrawn: the next route is refused again.
    await client.put('/api/me/consents/geolocation', { granted: false, wordingVersion: 1 });
    const again = await deviceCall(
      t,
      watch.credential,
      '/api/device/sync',
      { items: [run(200, true)] },
      syncKey(),
    );
    expect(again.json().results[0].errors[0].code).toBe('geolocation_consent_required');
  });

  it('refuses bad coordinates, points outside the workout, and a route on a night', async () => {
    const { client } = await createTestUser(t);
    await client.put('/api/me/consents/geolocation', { granted: true, wordingVersion: 1 });
    const watch = await pairUnit(client, await makeUnit(t, 'vb-watch'));
    const bad = run(600, true);
    const outside = run(500, true);
    outside.route![1]!.at = minutesAgo(900);
    const offTheMap = run(400, true);
    offTheMap.route![0]!.lat = 91;
    const res = await deviceCall(
      t,
      watch.credential,
      '/api/device/sync',
      { items: [{ ...bad, type: 'sleep', workoutType: undefined }, outside, offTheMap] },
      syncKey(),
    );
    expect(res.statusCode).toBe(200);
    const codes = res.json().results.map((r: { errors?: Array<{ code: string }> }) => r.errors?.[0]?.code);
    expect(res.json().results.every((r: { status: string }) => r.status === 'rejected')).toBe(true);
    expect(codes[1]).toBe('outside_session');
    expect(codes[0]).toBeDefined();
    expect(codes[2]).toBeDefined();
    expect(await sessionsOf(client)).toHaveLength(0);
  });
});
