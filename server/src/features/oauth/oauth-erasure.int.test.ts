import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { connectPartner, registerTestPartnerApp, tokenRequest } from '../../test/partner-harness';
import { privacyJobs } from '../erasure';
import { oidcPayloads, partnerConnections } from './oauth.schema';
import { authenticatePartnerToken, listActiveConnections } from './partner-auth';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const DAY = 24 * 60 * 60 * 1000;
const purgeJob = privacyJobs.find((j) => j.name === 'privacy.purge-erasure-requests');

const payloadsOf = (userId: string) =>
  t.database.db
    .select({ model: oidcPayloads.model })
    .from(oidcPayloads)
    .where(eq(oidcPayloads.userId, userId));

describe('erasure ends every partner connection', () => {
  it('at the request: tokens fail at once; at the purge: no oidc row or connection of the user remains', async () => {
    const user = await createTestUser(t);
    const bystander = await createTestUser(t);
    const app = await registerTestPartnerApp(t, { scopes: ['user.metrics', 'user.info'] });
    const tokens = await connectPartner(t, user, app, ['user.metrics']);
    const kept = await connectPartner(t, bystander, app, ['user.info']);
    expect((await payloadsOf(user.user.id)).length).toBeGreaterThan(0);

    const res = await user.client.post('/api/me/erasure', { currentPassword: user.password });
    expect(res.statusCode).toBeLessThan(300);
    await expect(authenticatePartnerToken(t.app.ctx, tokens.accessToken)).rejects.toMatchObject({
      code: 'invalid_token',
    });
    const refresh = await tokenRequest(t, app, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refreshToken,
    });
    expect(refresh.json().error).toBe('invalid_grant');
    expect(await listActiveConnections(t.database.db, user.user.id)).toEqual([]);
    expect(await payloadsOf(user.user.id)).toEqual([]);

    t.clock.advance(8 * DAY);
    expect(purgeJob).toBeDefined();
    await purgeJob?.run(t.app.ctx, {});
    const rows = await t.database.db
      .select()
      .from(partnerConnections)
      .where(eq(partnerConnections.userId, user.user.id));
    expect(rows).toEqual([]);
    expect(await payloadsOf(user.user.id)).toEqual([]);
    // Another user of the same app is untouched (within the refresh token's life).
    expect(await listActiveConnections(t.database.db, bystander.user.id)).toEqual([
      { clientId: app.clientId, scopes: ['user.info'] },
    ]);
    const theirs = await tokenRequest(t, app, {
      grant_type: 'refresh_token',
      refresh_token: kept.refreshToken,
    });
    expect(theirs.statusCode).toBe(200);
  });
});
