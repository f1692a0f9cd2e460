import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { countStatements } from '../../test/statement-counter';
import { deviceCall, makeUnit, pairUnit, syncKey } from './devices.test-support';

/**
 * A device sync is the busiest write: its statement budget (issue 17) is held here on both engines,
 * so a new lookup or a per-day statement shows up as a failing count, not as a slow benchmark.
 */
let t: TestApp;
let credential: string;

/** A day of minute heart rate and steps from midnight UTC of `day` (1,440 points each). */
function watchDay(day: string) {
  const start = `${day}T00:00:00Z`;
  return [
    {
      kind: 'series',
      metric: 'heart_rate',
      unit: 'bpm',
      start,
      intervalSeconds: 60,
      values: Array.from({ length: 1440 }, (_, i) => 60 + (i % 40)),
    },
    {
      kind: 'series',
      metric: 'steps',
      unit: 'steps',
      start,
      intervalSeconds: 60,
      values: Array.from({ length: 1440 }, (_, i) => i % 7),
    },
  ];
}

const sync = (items: unknown[]) =>
  countStatements(t.database, () =>
    deviceCall(
      t,
      credential,
      '/api/device/sync',
      { device: { firmware: '3.2.1', battery: 80 }, items },
      syncKey(),
    ),
  );

beforeAll(async () => {
  t = await createTestApp();
  const alice = await createTestUser(t, { timeZone: 'UTC' });
  credential = (await pairUnit(alice.client, await makeUnit(t, 'vb-watch'))).credential;
  // The first sync reads the model's firmware into the cache (firmware-cache.ts): one more statement
  // once per model every 30 s, left out of the budget below.
  const first = await sync(watchDay('2026-02-20'));
  expect(first.statements.filter((s) => /device_models/.test(s))).toHaveLength(1);
  expect(first.statements.length).toBeLessThanOrEqual(7);
});
afterAll(() => t?.close());

describe('device sync statement budget', () => {
  it('stores a new day of a watch without reading it first, in at most 6 statements', async () => {
    const { result, statements } = await sync(watchDay('2026-03-02'));
    expect(result.json().summary.stored).toBe(2);
    // The device read with its key claimed, the account (with the write listeners' checks: no app, no
    // clinic: neither listener runs), the new days inserted (no read before), the day's derived
    // inputs (series and readings in one read) and their rows in one upsert, the device's state with
    // the saved answer and the account's last use. The model and its firmware come from a cache.
    expect(statements.filter((s) => /health_series_days/.test(s))).toHaveLength(2);
    expect(statements.filter((s) => /for update/i.test(s))).toHaveLength(0);
    expect(statements.filter((s) => /^\s*insert into "?health_derived/i.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /device_models|firmware_versions/.test(s))).toHaveLength(0);
    expect(statements.filter((s) => /partner_connections|clinic_enrolments/.test(s))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(6);
  });

  it('merges a late part of a stored day in one more statement, and a resend writes nothing', async () => {
    const late = watchDay('2026-03-02').map((item) => ({ ...item, values: item.values.map((v) => v + 1) }));
    const merged = await sync(late);
    expect(merged.result.json().summary.stored).toBe(2);
    // Read back by the insert, then replaced where still the version read; and the derived read.
    expect(merged.statements.filter((s) => /health_series_days/.test(s))).toHaveLength(3);
    expect(merged.statements.length).toBeLessThanOrEqual(7);
    const resend = await sync(late);
    expect(resend.result.json().summary.duplicate).toBe(2);
    expect(
      resend.statements.filter((s) => /^\s*(insert|update)\b[^;]*health_series_days/i.test(s)),
    ).toHaveLength(0);
  });
});
