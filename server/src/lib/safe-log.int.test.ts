import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnit, pairUnit, syncKey } from '../features/devices/devices.test-support';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../test/harness';
import { maskValues } from './safe-log';

/**
 * When a query fails, the server log says what failed and where, never with what: no id, no value,
 * no text from the request (drizzle's "params: …", PostgreSQL's quoted values and failing rows).
 * Each write path is made to fail in the database (a CHECK constraint that refuses every new row) and
 * the captured log lines are searched for what the request carried.
 */
let t: TestApp;
let user: TestUser;
const lines: string[] = [];
beforeAll(async () => {
  const logStream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  t = await createTestApp({ logStream });
  user = await createTestUser(t, { displayName: 'Before-Q4Z' });
});
afterAll(() => t?.close());

const WEIGHT = 83.17;
const NOTE = 'Private-note-K7W';
const NAME = 'Renamed-X3V';
const CLIENT_REF = 'scale-ref-J5P';

/** Every new row of the table is refused from now on (existing rows stay). */
async function refuseWritesTo(table: string) {
  // As the tables' owner (the app may serve under a role that cannot alter them), then back.
  const { rows } = await t.database.raw.query<{ role: string }>('SELECT current_user AS role');
  await t.database.raw.exec(
    `RESET ROLE; ALTER TABLE ${table} ADD CONSTRAINT zz_refuse_all CHECK (false) NOT VALID; SET ROLE "${rows[0]?.role}"`,
  );
}

/** The log lines written while `action` ran. */
async function logDuring(action: () => Promise<{ statusCode: number; body: string }>) {
  const from = lines.length;
  const res = await action();
  expect(res.statusCode, res.body).toBe(500);
  const logged = lines.slice(from).join('');
  expect(logged).toContain('unexpected error');
  return logged;
}

function expectNothingOf(logged: string, values: Array<string | number>) {
  for (const v of values) expect(logged, String(v)).not.toContain(String(v));
}

describe('a failed query leaves nothing of the request in the log', () => {
  it('sync, rectification, consents and profile', async () => {
    const device = await pairUnit(user.client, await makeUnit(t));
    const at = new Date(t.clock.now().getTime() - 3600_000).toISOString();
    const stored = await user.client.post('/api/health-data/readings', {
      takenAt: at,
      measures: [{ metric: 'weight', value: 80, unit: 'kg' }],
    });
    expect(stored.statusCode, stored.body).toBe(201);
    const readingId = stored.json().id as string;
    const ids = [user.user.id, device.id, readingId, user.user.email];

    await refuseWritesTo('health_measures');
    await refuseWritesTo('consents');
    await refuseWritesTo('users');

    const sync = await logDuring(() =>
      t.app.inject({
        method: 'POST',
        url: '/api/device/sync',
        headers: { authorization: `Bearer ${device.credential}`, 'idempotency-key': syncKey() },
        payload: {
          items: [
            {
              kind: 'reading',
              clientRef: CLIENT_REF,
              takenAt: at.replace('Z', '+00:00'),
              measures: [{ metric: 'weight', value: WEIGHT, unit: 'kg' }],
            },
          ],
        },
      }),
    );
    expectNothingOf(sync, [...ids, WEIGHT, CLIENT_REF]);
    // What it does say: where it failed.
    expect(sync).toMatch(/"code":"23514"|"causeCode":"23514"/);

    const rectify = await logDuring(() =>
      user.client.patch(`/api/health-data/readings/${readingId}`, {
        measures: [{ metric: 'weight', value: WEIGHT, unit: 'kg' }],
      }),
    );
    expectNothingOf(rectify, [...ids, WEIGHT]);

    const consent = await logDuring(() =>
      user.client.put('/api/me/consents/research', {
        granted: true,
        wordingVersion: 1,
        form: { acknowledgesScope: true, acknowledgesWithdrawal: true, note: NOTE },
      }),
    );
    expectNothingOf(consent, [...ids, NOTE]);

    const profile = await logDuring(() => user.client.patch('/api/me', { displayName: NAME }));
    expectNothingOf(profile, [...ids, NAME, 'Before-Q4Z']);
  });
});

describe('maskValues', () => {
  it('keeps what went wrong, not with what', () => {
    expect(maskValues('invalid input syntax for type uuid: "abc-123"')).toBe(
      'invalid input syntax for type uuid: …',
    );
    expect(maskValues('Key (user_id, id)=(7a1f, 9) already exists.')).toBe('Key … already exists.');
    expect(maskValues('value 83.17 out of range for 2f1c8a3e-1b2c-4d5e-8f90-0123456789ab')).toBe(
      'value # out of range for #',
    );
    expect(maskValues(`Unexpected token 'x', "x83" is not valid JSON`)).toBe(
      'Unexpected token …, … is not valid JSON',
    );
  });
});
