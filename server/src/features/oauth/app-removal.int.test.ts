import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { connectPartner, registerTestPartnerApp, tokenRequest } from '../../test/partner-harness';
import { createNotifyRepo } from '../webhooks';
import { deletePartnerAppAsOperator } from './partner-apps.operator';
import { authenticatePartnerToken, listActiveConnections } from './partner-auth';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** Rows of the app's own tables and of its users that still name the app (whole row as text). */
async function rowsNaming(clientId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'partner_apps',
    'partner_app_webhooks',
    'oidc_payloads',
    'notify_subscriptions',
    'webhook_deliveries',
    'partner_connections',
  ]) {
    const { rows } = await t.database.raw.query<{ n: number | string }>(
      `SELECT count(*) AS n FROM ${table} AS r WHERE strpos(r::text, $1) > 0`,
      [clientId],
    );
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

/** A developer's app with a webhook, a user connected to it, a notify subscription and a delivery. */
async function appInUse(developer: TestUser) {
  const app = await registerTestPartnerApp(t, { scopes: ['user.metrics'], owner: developer });
  const hook = await developer.client.put(`/api/developer/apps/${app.clientId}/webhook`, {
    url: 'https://hooks.developer.example.test/in',
  });
  expect(hook.statusCode, hook.body).toBe(200);
  const user = await createTestUser(t);
  const tokens = await connectPartner(t, user, app, ['user.metrics']);
  await createNotifyRepo(t.database.db).upsert({
    userId: user.user.id,
    clientId: app.clientId,
    appli: 1,
    callbackUrl: 'https://hooks.developer.example.test/notify',
    comment: null,
    at: t.clock.now(),
  });
  const reading = await user.client.post('/api/health-data/readings', {
    takenAt: new Date(t.clock.now().getTime() - 60_000).toISOString(),
    measures: [{ metric: 'weight', value: 70, unit: 'kg' }],
  });
  expect(reading.statusCode).toBe(201);
  const before = await rowsNaming(app.clientId);
  for (const n of Object.values(before)) expect(n).toBeGreaterThan(0);
  return { app, user, tokens };
}

/** After the app is gone: only the user's record of a disconnected connection names it. */
async function expectRemoved({ app, user, tokens }: Awaited<ReturnType<typeof appInUse>>) {
  expect(await rowsNaming(app.clientId)).toEqual({
    partner_apps: 0,
    partner_app_webhooks: 0,
    oidc_payloads: 0,
    notify_subscriptions: 0,
    webhook_deliveries: 0,
    partner_connections: 1,
  });
  expect(await listActiveConnections(t.database.db, user.user.id)).toEqual([]);
  await expect(authenticatePartnerToken(t.app.ctx, tokens.accessToken)).rejects.toMatchObject({
    code: 'invalid_token',
  });
  const refresh = await tokenRequest(t, app, {
    grant_type: 'refresh_token',
    refresh_token: tokens.refreshToken,
  });
  expect(refresh.statusCode).toBeGreaterThanOrEqual(400);
}

describe('deleting a partner app leaves no orphan', () => {
  it('by its owner: connected users are disconnected, tokens, webhook, subscriptions and deliveries go', async () => {
    const developer = await createTestUser(t);
    const inUse = await appInUse(developer);
    const res = await developer.client.delete(`/api/developer/apps/${inUse.app.clientId}`);
    expect(res.statusCode, res.body).toBe(204);
    await expectRemoved(inUse);
  });

  it('by the operator: the same', async () => {
    const inUse = await appInUse(await createTestUser(t));
    await deletePartnerAppAsOperator(t.app.ctx, inUse.app.clientId);
    await expectRemoved(inUse);
  });
});
