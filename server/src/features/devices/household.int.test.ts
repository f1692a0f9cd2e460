import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { deviceCall, makeUnit, type PairedDevice, pairUnit, syncKey, weighIn } from './devices.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const ago = (h: number) =>
  new Date(t.clock.now().getTime() - h * 3600_000).toISOString().replace('Z', '+00:00');

async function weights(userId: string): Promise<number[]> {
  const { rows } = await t.database.raw.query<{ value: number }>(
    "SELECT value FROM health_measures WHERE user_id = $1 AND metric = 'weight' ORDER BY taken_at",
    [userId],
  );
  return rows.map((r) => Number(r.value));
}

/** An owner with a shared scale and two members who joined; each has claimed a first weigh-in. */
async function household(): Promise<{ owner: TestUser; a: TestUser; b: TestUser; scale: PairedDevice }> {
  const owner = await createTestUser(t);
  const a = await createTestUser(t);
  const b = await createTestUser(t);
  const scale = await pairUnit(owner.client, await makeUnit(t, 'vb-scale-body'));
  expect(
    (await owner.client.patch(`/api/devices/${scale.id}`, { sharedWithHousehold: true })).statusCode,
  ).toBe(200);
  for (const m of [a, b]) {
    expect((await owner.client.post('/api/household/invitations', { email: m.user.email })).statusCode).toBe(
      202,
    );
    expect((await m.client.post(`/api/household/memberships/${owner.user.id}/accept`)).statusCode).toBe(204);
  }
  // Nobody has a weight yet: the first weigh-ins wait in the inbox and each person claims theirs.
  const first = await deviceCall(
    t,
    scale.credential,
    '/api/device/sync',
    { items: [weighIn(ago(50), 90), weighIn(ago(49), 64), weighIn(ago(48), 45)] },
    syncKey(),
  );
  expect(first.json().summary.pendingAttribution).toBe(3);
  const inbox = (await a.client.get('/api/household/inbox')).json() as Array<{
    id: string;
    weightKg: number;
  }>;
  expect(inbox).toHaveLength(3);
  for (const [who, kg] of [
    [owner, 90],
    [a, 64],
    [b, 45],
  ] as const) {
    const item = inbox.find((i) => i.weightKg === kg)!;
    const res = await who.client.post(`/api/household/inbox/${item.id}/claim`);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('stored');
  }
  return { owner, a, b, scale };
}

describe('household scale', () => {
  it('gives each weigh-in to the member whose recent weight is closest; each sees only their own', async () => {
    const { owner, a, b, scale } = await household();
    const res = await deviceCall(
      t,
      scale.credential,
      '/api/device/sync',
      { items: [weighIn(ago(5), 63.4), weighIn(ago(4), 89.1), weighIn(ago(3), 45.6), weighIn(ago(2), 64.2)] },
      syncKey(),
    );
    expect(res.json().summary).toMatchObject({ stored: 4, pendingAttribution: 0 });
    expect(await weights(owner.user.id)).toEqual([90, 89.1]);
    expect(await weights(a.user.id)).toEqual([64, 63.4, 64.2]);
    expect(await weights(b.user.id)).toEqual([45, 45.6]);
    expect((await a.client.get('/api/household/inbox')).json()).toEqual([]);
  });

  it('keeps an unmatched or ambiguous weigh-in in the inbox; a member discards one', async () => {
    const { owner, a, b, scale } = await household();
    const res = await deviceCall(
      t,
      scale.credential,
      '/api/device/sync',
      { items: [weighIn(ago(2), 75)] },
      syncKey(),
    );
    expect(res.json().results[0].status).toBe('pending_attribution');
    const [item] = (await b.client.get('/api/household/inbox')).json();
    expect(item).toMatchObject({ reason: 'unmatched', weightKg: 75, householdOwnerId: owner.user.id });
    expect((await a.client.delete(`/api/household/inbox/${item.id}`)).statusCode).toBe(204);
    expect((await owner.client.get('/api/household/inbox')).json()).toEqual([]);
    expect((await b.client.post(`/api/household/inbox/${item.id}/claim`)).statusCode).toBe(404);
    for (const u of [owner, a, b]) expect(await weights(u.user.id)).not.toContain(75);
  });

  it('calls two members of nearly the same weight ambiguous, until one claims it', async () => {
    const owner = await createTestUser(t);
    const twin = await createTestUser(t);
    const scale = await pairUnit(owner.client, await makeUnit(t, 'vb-scale-body'));
    await owner.client.patch(`/api/devices/${scale.id}`, { sharedWithHousehold: true });
    await owner.client.post('/api/household/invitations', { email: twin.user.email });
    await twin.client.post(`/api/household/memberships/${owner.user.id}/accept`);
    // Both have a recent weight of their own, entered on another scale of their own.
    for (const [u, kg] of [
      [owner, 70.2],
      [twin, 70.6],
    ] as const) {
      const own = await pairUnit(u.client, await makeUnit(t, 'vb-scale-body'));
      await deviceCall(t, own.credential, '/api/device/sync', { items: [weighIn(ago(30), kg)] }, syncKey());
    }
    const res = await deviceCall(
      t,
      scale.credential,
      '/api/device/sync',
      { items: [weighIn(ago(1), 70.4)] },
      syncKey(),
    );
    expect(res.json().results[0].status).toBe('pending_attribution');
    const [item] = (await twin.client.get('/api/household/inbox')).json();
    expect(item.reason).toBe('ambiguous');
    expect((await twin.client.post(`/api/household/inbox/${item.id}/claim`)).json().status).toBe('stored');
    expect(await weights(twin.user.id)).toEqual([70.6, 70.4]);
    expect(await weights(owner.user.id)).toEqual([70.2]);
  });

  it("mails the invitation in the invitee's language", async () => {
    const owner = await createTestUser(t, { displayName: 'Alice' });
    const marie = await createTestUser(t, { locale: 'fr' });
    expect(
      (await owner.client.post('/api/household/invitations', { email: marie.user.email })).statusCode,
    ).toBe(202);
    const mail = await t.smtp.waitFor(marie.user.email, {
      subject: /Vous êtes invité à partager une balance/,
    });
    expect(mail.text).toContain('Alice vous a invité dans son foyer');
    expect(mail.text).toContain('page des appareils\u00a0: http://localhost:8080/devices');
  });

  it("answers 404 to another household's inbox item, and to someone who has not accepted", async () => {
    const { scale, owner } = await household();
    const stranger = await createTestUser(t);
    const invited = await createTestUser(t);
    await owner.client.post('/api/household/invitations', { email: invited.user.email });
    await deviceCall(t, scale.credential, '/api/device/sync', { items: [weighIn(ago(1), 120)] }, syncKey());
    const [item] = (await owner.client.get('/api/household/inbox')).json();
    for (const u of [stranger, invited]) {
      expect((await u.client.get('/api/household/inbox')).json()).toEqual([]);
      expect((await u.client.post(`/api/household/inbox/${item.id}/claim`)).statusCode).toBe(404);
      expect((await u.client.delete(`/api/household/inbox/${item.id}`)).statusCode).toBe(404);
    }
    expect((await owner.client.get('/api/household/inbox')).json()).toHaveLength(1);
    expect(
      (await stranger.client.post(`/api/household/memberships/${owner.user.id}/accept`)).statusCode,
    ).toBe(404);
  });

  it('a member who leaves gets no more weigh-ins', async () => {
    const { owner, a, scale } = await household();
    expect((await a.client.delete(`/api/household/memberships/${owner.user.id}`)).statusCode).toBe(204);
    const res = await deviceCall(
      t,
      scale.credential,
      '/api/device/sync',
      { items: [weighIn(ago(1), 64.1)] },
      syncKey(),
    );
    expect(res.json().results[0].status).toBe('pending_attribution');
    expect(await weights(a.user.id)).toEqual([64]);
    const view = (await owner.client.get('/api/household')).json();
    expect(view.household.members.map((m: { userId: string }) => m.userId)).not.toContain(a.user.id);
  });

  it('refuses an item with a lone surrogate alone: the rest of the batch is stored, and a retry replays', async () => {
    const { a, b, scale } = await household();
    const bad = { ...weighIn(ago(3), 63.9), clientRef: 'scale-\ud800-ref' };
    const payload = {
      items: [weighIn(ago(4), 64.1), bad, { ...weighIn(ago(2), 45.2), clientRef: 'ok-\u00e9' }],
    };
    const key = syncKey();
    const res = await deviceCall(t, scale.credential, '/api/device/sync', payload, key);
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json();
    expect(answer.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'rejected', 'stored']);
    expect(answer.results[1].errors).toEqual([
      expect.objectContaining({ path: 'clientRef', code: 'ill_formed_text' }),
    ]);
    expect(await weights(a.user.id)).toEqual([64, 64.1]);
    expect(await weights(b.user.id)).toEqual([45, 45.2]);
    // The device is not stuck: the same batch again answers the same, and stores nothing twice.
    const again = await deviceCall(t, scale.credential, '/api/device/sync', payload, key);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(answer);
    expect(await weights(a.user.id)).toEqual([64, 64.1]);
  });

  it('validates household input and shares only scales', async () => {
    const { client } = await createTestUser(t);
    expect((await client.post('/api/household/invitations', { email: 'not-an-email' })).statusCode).toBe(400);
    expect((await client.put('/api/household', { name: '' })).statusCode).toBe(400);
    expect((await client.post('/api/household/inbox/not-a-uuid/claim')).statusCode).toBe(400);
    const watch = await pairUnit(client, await makeUnit(t, 'vb-watch'));
    const res = await client.patch(`/api/devices/${watch.id}`, { sharedWithHousehold: true });
    expect(res.statusCode).toBe(400);
    // Inviting an unknown email answers like a known one.
    const unknown = await client.post('/api/household/invitations', { email: 'nobody-here@example.test' });
    expect(unknown.statusCode).toBe(202);
  });
});
