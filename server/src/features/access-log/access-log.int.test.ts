import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { users } from '../accounts';
import { showUserAsOperator } from '../accounts';
import { accessUserData, accessUsersData } from './access-user-data';
import { dataAccessLog } from './access-log.schema';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

// A support agent: its reads are resolved by the caller (clinician reads are checked against a share, clinics feature).
const agent = { type: 'support' as const, id: 'agent-42', name: 'Support agent, ticket 42' };

describe('accessUserData', () => {
  it('runs the read and records who, what, when and why in the same transaction', async () => {
    const { user, client } = await createTestUser(t);
    const before = t.clock.now().getTime();
    const name = await accessUserData(
      t.app.ctx,
      {
        actor: agent,
        userId: user.id,
        purpose: 'follow-up consultation',
        what: ['identity'],
        legalBasis: 'care',
      },
      async (tx) => (await tx.select().from(users).where(eq(users.id, user.id)))[0]?.displayName,
    );
    expect(name).toBe(user.displayName);
    const res = await client.get('/api/me/access-log');
    expect(res.statusCode).toBe(200);
    const { entries, next } = res.json();
    expect(next).toBeNull();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: agent,
      purpose: 'follow-up consultation',
      what: ['identity'],
      legalBasis: 'care',
    });
    // When: between the call and now on the app's clock (not within a few seconds of wall time, which a
    // loaded machine can spend between the write and this line).
    expect(Date.parse(entries[0].at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(entries[0].at)).toBeLessThanOrEqual(t.clock.now().getTime());
  });

  it('records nothing when the read fails (nothing was disclosed)', async () => {
    const { user, client } = await createTestUser(t);
    await expect(
      accessUserData(
        t.app.ctx,
        { actor: agent, userId: user.id, purpose: 'review', what: ['readings'] },
        async () => {
          throw new Error('read failed');
        },
      ),
    ).rejects.toThrow('read failed');
    expect((await client.get('/api/me/access-log')).json().entries).toEqual([]);
  });

  it('refuses a malformed request before reading anything', async () => {
    const { user } = await createTestUser(t);
    let read = false;
    const bad = [
      { actor: { ...agent, type: 'stranger' }, userId: user.id, purpose: 'x-ray', what: ['identity'] },
      { actor: agent, userId: 'not-a-uuid', purpose: 'review', what: ['identity'] },
      { actor: agent, userId: user.id, purpose: 'review', what: [] },
      { actor: { ...agent, name: '' }, userId: user.id, purpose: 'review', what: ['identity'] },
    ];
    for (const req of bad) {
      await expect(
        accessUserData(t.app.ctx, req as never, async () => {
          read = true;
        }),
      ).rejects.toThrow(/access request/);
    }
    expect(read).toBe(false);
    expect(await t.database.db.select().from(dataAccessLog).where(eq(dataAccessLog.userId, user.id))).toEqual(
      [],
    );
  });

  it('is shown to the user after `vitalbase user show` (the operator reads through the access point)', async () => {
    const { user, client } = await createTestUser(t);
    const shown = await showUserAsOperator(t.database, user.email);
    expect(shown.email).toBe(user.email);
    const [entry] = (await client.get('/api/me/access-log')).json().entries;
    expect(entry).toMatchObject({
      actor: { type: 'operator', id: 'cli' },
      what: ['identity', 'sessions', 'security_events'],
    });
  });
});

describe('GET /api/me/access-log', () => {
  it('pages newest first with a cursor', async () => {
    const { user, client } = await createTestUser(t);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      await accessUserData(
        t.app.ctx,
        { actor: agent, userId: user.id, purpose: `visit ${i}`, what: ['readings'] },
        async () => i,
      );
    }
    const first = (await client.get('/api/me/access-log?limit=2')).json();
    expect(first.entries.map((e: { purpose: string }) => e.purpose)).toEqual(['visit 4', 'visit 3']);
    const second = (await client.get(`/api/me/access-log?limit=2&before=${first.next}`)).json();
    expect(second.entries.map((e: { purpose: string }) => e.purpose)).toEqual(['visit 2', 'visit 1']);
    const third = (await client.get(`/api/me/access-log?limit=2&before=${second.next}`)).json();
    expect(third.entries.map((e: { purpose: string }) => e.purpose)).toEqual(['visit 0']);
    expect(third.next).toBeNull();
  });

  it("lists only the caller's own log: another user sees none of it", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    await accessUserData(
      t.app.ctx,
      { actor: agent, userId: alice.user.id, purpose: 'review', what: ['identity'] },
      async () => 1,
    );
    expect((await bob.client.get('/api/me/access-log')).json().entries).toEqual([]);
    expect((await bob.client.get(`/api/users/${alice.user.id}/access-log`)).statusCode).toBe(404);
    expect((await alice.client.get('/api/me/access-log')).json().entries).toHaveLength(1);
  });

  it('answers bad input with a 400 and anonymous calls with a 401', async () => {
    const { client } = await createTestUser(t);
    for (const q of [
      'limit=0',
      'limit=1000',
      'limit=abc',
      'before=%25%25',
      'before=bm90LWEtY3Vyc29y',
      'other=1',
    ]) {
      const res = await client.get(`/api/me/access-log?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe(q.startsWith('before=') ? 'invalid_cursor' : 'invalid_input');
    }
    expect((await t.client().get('/api/me/access-log')).statusCode).toBe(401);
  });

  it('keeps the log append-only', async () => {
    const { user } = await createTestUser(t);
    await accessUserData(
      t.app.ctx,
      { actor: agent, userId: user.id, purpose: 'review', what: ['identity'] },
      async () => 1,
    );
    await expect(
      t.database.raw.query("UPDATE data_access_log SET purpose = 'nothing' WHERE user_id = $1", [user.id]),
    ).rejects.toThrow(/append-only/);
  });
});

describe('accessUsersData (one read of several users)', () => {
  it('records one row per user in one transaction, and nothing for anyone when one request is refused', async () => {
    const a = await createTestUser(t);
    const b = await createTestUser(t);
    const req = (userId: string) => ({ actor: agent, userId, purpose: 'list review', what: ['identity'] });
    expect(await accessUsersData(t.app.ctx, [req(a.user.id), req(b.user.id)], async () => 'read')).toBe(
      'read',
    );
    for (const u of [a, b]) {
      expect((await u.client.get('/api/me/access-log')).json().entries).toEqual([
        expect.objectContaining({ purpose: 'list review', actor: agent }),
      ]);
    }
    const bad = { ...req(b.user.id), purpose: '' };
    await expect(accessUsersData(t.app.ctx, [req(a.user.id), bad], async () => 'read')).rejects.toThrow(
      /access request/,
    );
    expect((await a.client.get('/api/me/access-log')).json().entries).toHaveLength(1);
  });
});
