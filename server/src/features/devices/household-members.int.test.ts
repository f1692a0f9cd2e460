import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { deviceCall, makeUnit, type PairedDevice, pairUnit, syncKey, weighIn } from './devices.test-support';

/**
 * A household seen by its members: the shared scale listed as theirs to use (GET /api/devices), the
 * weigh-ins it gave them shown with that scale; the owner renames and removes, a member leaves, and a
 * member cannot manage the owner's household.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

interface DeviceAnswer {
  id: string;
  name: string;
  wifiNetwork: string | null;
  household?: { name: string; ownerDisplayName: string };
}

const devicesOf = async (u: TestUser) => (await u.client.get('/api/devices')).json() as DeviceAnswer[];

/** An owner with a shared scale, an unshared watch, and two members who joined. */
async function household(): Promise<{ owner: TestUser; a: TestUser; b: TestUser; scale: PairedDevice }> {
  const owner = await createTestUser(t);
  const [a, b] = [await createTestUser(t), await createTestUser(t)];
  const scale = await pairUnit(owner.client, await makeUnit(t, 'vb-scale-body'));
  await pairUnit(owner.client, await makeUnit(t, 'vb-watch'));
  const shared = await owner.client.patch(`/api/devices/${scale.id}`, { sharedWithHousehold: true });
  expect(shared.statusCode).toBe(200);
  expect((await owner.client.put('/api/household', { name: 'The Martins' })).statusCode).toBe(200);
  for (const m of [a, b]) {
    await owner.client.post('/api/household/invitations', { email: m.user.email });
    expect((await m.client.post(`/api/household/memberships/${owner.user.id}/accept`)).statusCode).toBe(204);
  }
  return { owner, a, b, scale };
}

describe('a member sees the shared scale as theirs', () => {
  it("lists the household's shared scale (not the owner's other devices, nor their Wi-Fi)", async () => {
    const { owner, a, scale } = await household();
    const mine = await devicesOf(a);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      id: scale.id,
      wifiNetwork: null,
      household: { name: 'The Martins', ownerDisplayName: owner.user.displayName },
    });
    // The owner's own list is unchanged: their devices, unmarked.
    const owners = await devicesOf(owner);
    expect(owners).toHaveLength(2);
    expect(owners.every((d) => d.household === undefined)).toBe(true);
    // Seen, not managed: the owner's device stays the owner's to rename or unpair.
    expect((await a.client.get(`/api/devices/${scale.id}`)).statusCode).toBe(404);
    expect((await a.client.patch(`/api/devices/${scale.id}`, { name: 'Mine now' })).statusCode).toBe(404);
  });

  it('shows the weigh-ins the scale gave the member with that scale', async () => {
    const { a, scale } = await household();
    const at = new Date(t.clock.now().getTime() - 3600_000).toISOString().replace('Z', '+00:00');
    await deviceCall(t, scale.credential, '/api/device/sync', { items: [weighIn(at, 64)] }, syncKey());
    const [item] = (await a.client.get('/api/household/inbox')).json();
    expect((await a.client.post(`/api/household/inbox/${item.id}/claim`)).json().status).toBe('stored');
    const from = new Date(t.clock.now().getTime() - 86_400_000).toISOString();
    const to = new Date(t.clock.now().getTime() + 60_000).toISOString();
    const res = await a.client.get(`/api/health-data/readings?metric=weight&from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    const readings = (res.json().items ?? res.json()) as Array<{ deviceId: string | null }>;
    expect(readings.map((r) => r.deviceId)).toEqual([scale.id]);
    expect((await devicesOf(a)).map((d) => d.id)).toContain(scale.id);
  });
});

describe('managing the household', () => {
  it('the owner renames it: members see the new name', async () => {
    const { owner, a } = await household();
    expect((await owner.client.put('/api/household', { name: 'Martin family' })).statusCode).toBe(200);
    expect((await a.client.get('/api/household')).json().memberships[0].householdName).toBe('Martin family');
    expect((await devicesOf(a))[0]?.household?.name).toBe('Martin family');
  });

  it("a member cannot rename or remove others from the owner's household", async () => {
    const { owner, a, b } = await household();
    // PUT /api/household is the caller's own household: the member makes theirs, the owner's stays.
    await a.client.put('/api/household', { name: 'Taken over' });
    expect((await owner.client.get('/api/household')).json().household.name).toBe('The Martins');
    const removal = await a.client.delete(`/api/household/members/${b.user.id}`);
    expect(removal.statusCode).toBe(404);
    expect(removal.json().error.code).toBe('not_found');
    const ownerOut = await a.client.delete(`/api/household/members/${owner.user.id}`);
    expect(ownerOut.statusCode).toBe(404);
    const members = (await owner.client.get('/api/household')).json().household.members;
    expect(members.map((m: { userId: string }) => m.userId).sort()).toEqual(
      [owner.user.id, a.user.id, b.user.id].sort(),
    );
  });

  it('the owner removes a member: the scale and the inbox are no longer theirs', async () => {
    const { owner, a, b } = await household();
    expect((await owner.client.delete(`/api/household/members/${a.user.id}`)).statusCode).toBe(204);
    expect(await devicesOf(a)).toEqual([]);
    expect((await a.client.get('/api/household')).json().memberships).toEqual([]);
    expect(await devicesOf(b)).toHaveLength(1);
  });

  it('a member leaves: the scale goes from their list; leaving twice is 404', async () => {
    const { owner, a } = await household();
    expect((await a.client.delete(`/api/household/memberships/${owner.user.id}`)).statusCode).toBe(204);
    expect(await devicesOf(a)).toEqual([]);
    expect((await a.client.delete(`/api/household/memberships/${owner.user.id}`)).statusCode).toBe(404);
    const members = (await owner.client.get('/api/household')).json().household.members;
    expect(members.map((m: { userId: string }) => m.userId)).not.toContain(a.user.id);
  });

  it('an invitation not yet accepted shows no scale', async () => {
    const owner = await createTestUser(t);
    const invitee = await createTestUser(t);
    const scale = await pairUnit(owner.client, await makeUnit(t, 'vb-scale-body'));
    await owner.client.patch(`/api/devices/${scale.id}`, { sharedWithHousehold: true });
    await owner.client.post('/api/household/invitations', { email: invitee.user.email });
    expect(await devicesOf(invitee)).toEqual([]);
  });
});
