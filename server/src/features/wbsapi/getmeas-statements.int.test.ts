import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { connectPartner, type PartnerTokens, registerTestPartnerApp } from '../../test/partner-harness';
import { countStatements } from '../../test/statement-counter';
import { createHealthDataIngest } from '../health-data';

/**
 * getmeas is the partner API's hot read: its statement budget (issue 17) is held here on both engines,
 * so a new lookup or a write on the read path shows up as a failing count, not as a slow benchmark.
 */
let t: TestApp;
let alice: TestUser;
let tokens: PartnerTokens;

beforeAll(async () => {
  t = await createTestApp();
  alice = await createTestUser(t, { timeZone: 'Europe/Paris' });
  const partner = await registerTestPartnerApp(t, { scopes: ['user.metrics'] });
  tokens = await connectPartner(t, alice, partner, ['user.metrics']);
  // Thirty days of weigh-ins and blood-pressure readings, some from a paired device.
  const items = Array.from({ length: 30 }, (_, i) => ({
    kind: 'reading',
    takenAt: new Date(Date.parse('2026-03-01T07:00:00Z') + i * 86_400_000).toISOString(),
    measures:
      i % 2
        ? [{ metric: 'weight', value: 70 + i / 10, unit: 'kg' }]
        : [
            { metric: 'systolic_bp', value: 120 + i, unit: 'mmHg' },
            { metric: 'diastolic_bp', value: 80, unit: 'mmHg' },
          ],
  }));
  const { results } = await createHealthDataIngest(t.app.ctx).ingest(
    alice.user.id,
    { source: 'manual' },
    items as never,
  );
  expect(results.every((r) => r.status === 'stored')).toBe(true);
});
afterAll(() => t?.close());

describe('getmeas statement budget', () => {
  it('answers 30 days in 5 statements, one of them a write (the access log)', async () => {
    const { result: res, statements } = await countStatements(t.database, () =>
      t.app.inject({
        method: 'POST',
        url: '/wbsapi/v2/measure',
        headers: { authorization: `Bearer ${tokens.accessToken}` },
        payload: { action: 'getmeas', startdate: '1772323200', enddate: '1774915200' },
      }),
    );
    expect(res.json().status).toBe(0);
    expect(res.json().body.measuregrps).toHaveLength(30);
    // The token check (token, grant, app, account: one statement on global tables; then the user's
    // connection, by its user id: a join would reach every shard on Citus), in the access point's
    // transaction the connection's scopes, the groups with their measures, and the access log row
    // with the connection's last_read_at in its CTE.
    const writes = statements.filter((s) => /\b(insert|update|delete)\b/i.test(s));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^\s*with companion as \(update partner_connections\b/i);
    expect(writes[0]).toMatch(/\binsert into data_access_log\b/i);
    expect(statements.length).toBeLessThanOrEqual(5);
  });
});
