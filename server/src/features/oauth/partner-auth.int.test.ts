import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataAccessLog } from '../access-log';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { connectPartner, registerTestPartnerApp } from '../../test/partner-harness';
import { oidcPayloads, partnerConnections } from './oauth.schema';
import { authenticatePartnerToken, listActiveConnections, readAsPartner } from './partner-auth';
import { publicUserId } from './public-user-ids';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('partner auth', () => {
  it('a connected app reads with its token, the read is recorded, and last read moves', async () => {
    const user = await createTestUser(t);
    const app = await registerTestPartnerApp(t, { scopes: ['user.info', 'user.metrics'] });
    const tokens = await connectPartner(t, user, app, ['user.metrics']);
    // The token answer names the user by the public integer id (Withings' userid), not the uuid.
    expect(tokens.userId).toBe(String(await publicUserId(t.database.db, user.user.id)));
    expect(tokens.expiresIn).toBeGreaterThan(0);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    const principal = await authenticatePartnerToken(t.app.ctx, tokens.accessToken);
    expect(principal).toMatchObject({
      userId: user.user.id,
      clientId: app.clientId,
      scopes: ['user.metrics'],
    });
    const value = await readAsPartner(
      t.app.ctx,
      principal,
      { requiredScope: 'user.metrics', purpose: 'Show your weight in the app', what: ['readings:weight'] },
      async () => 42,
    );
    expect(value).toBe(42);
    expect(await listActiveConnections(t.database.db, user.user.id)).toEqual([
      { clientId: app.clientId, scopes: ['user.metrics'] },
    ]);
    // The last read is written by the access log row's statement: the same instant as the row.
    const [connection] = await t.database.db
      .select()
      .from(partnerConnections)
      .where(eq(partnerConnections.userId, user.user.id));
    const [logged] = await t.database.db
      .select()
      .from(dataAccessLog)
      .where(eq(dataAccessLog.userId, user.user.id));
    expect(logged).toMatchObject({ actorType: 'partner', actorId: app.clientId, what: ['readings:weight'] });
    expect(connection?.lastReadAt?.toISOString()).toBe(logged?.at.toISOString());
  });

  it('a token whose grant is gone opens nothing', async () => {
    const user = await createTestUser(t);
    const app = await registerTestPartnerApp(t, { scopes: ['user.metrics'] });
    const tokens = await connectPartner(t, user, app, ['user.metrics']);
    const { grantId } = await authenticatePartnerToken(t.app.ctx, tokens.accessToken);
    await t.database.db
      .delete(oidcPayloads)
      .where(and(eq(oidcPayloads.model, 'Grant'), eq(oidcPayloads.id, grantId)));
    await expect(authenticatePartnerToken(t.app.ctx, tokens.accessToken)).rejects.toMatchObject({
      statusCode: 401,
      code: 'invalid_token',
    });
  });

  it('a token PostgreSQL cannot hold (NUL, a lone surrogate) is unknown, not a failed query', async () => {
    for (const token of ['abc\u0000def', 'abc\ud800def']) {
      await expect(authenticatePartnerToken(t.app.ctx, token)).rejects.toMatchObject({
        statusCode: 401,
        code: 'invalid_token',
      });
    }
  });
});
