import { createAuditRepo } from '../audit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, createTestUser, OFF_PATH_WAIT, type TestApp } from '../../test/harness';
import { BrowserClient, signIn, signUpAndVerify } from './accounts.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

interface SessionView {
  id: string;
  current: boolean;
  browser: string;
  os: string;
  device: string;
  ip: string | null;
}

describe('sessions', () => {
  it('lists the sessions with browser, system and address, marking this one; never the cookie', async () => {
    const { email, password } = await signUpAndVerify(t);
    const desktop = await signIn(t, email, password);
    const phone = new BrowserClient(t);
    phone.userAgent =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
    await signIn(t, email, password, phone);
    const list = (await desktop.get('/api/me/sessions')).json() as SessionView[];
    expect(list).toHaveLength(2);
    const mine = list.find((s) => s.current);
    const other = list.find((s) => !s.current);
    expect(mine).toMatchObject({ browser: 'Chrome 156', os: 'Linux', ip: desktop.address });
    expect(other).toMatchObject({ browser: 'Mobile Safari 17', device: 'Apple iPhone', ip: phone.address });
    const cookieSecret = desktop.getCookie('vb_session')?.split('.')[1];
    expect(JSON.stringify(list)).not.toContain(cookieSecret);
  });

  it('revokes another session of the account, which then opens nothing', async () => {
    const { email, password } = await signUpAndVerify(t);
    const a = await signIn(t, email, password);
    const b = await signIn(t, email, password);
    const other = ((await a.get('/api/me/sessions')).json() as SessionView[]).find((s) => !s.current)!;
    expect((await a.delete(`/api/me/sessions/${other.id}`)).statusCode).toBe(204);
    expect((await b.get('/api/me')).statusCode).toBe(401);
    expect((await a.get('/api/me/sessions')).json()).toHaveLength(1);
    expect((await a.delete(`/api/me/sessions/${other.id}`)).statusCode).toBe(404);
    const actions = ((await a.get('/api/me/security-events')).json() as Array<{ action: string }>).map(
      (e) => e.action,
    );
    expect(actions[0]).toBe('session_revoked');
  });

  it("answers 404 when someone tries to revoke another user's session, and leaves it alone", async () => {
    const alice = await createTestUser(t);
    const mallory = await createTestUser(t);
    const [aliceSession] = (await alice.client.get('/api/me/sessions')).json() as SessionView[];
    const res = await mallory.client.delete(`/api/me/sessions/${aliceSession!.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect((await alice.client.get('/api/me')).statusCode).toBe(200);
    const malloryList = (await mallory.client.get('/api/me/sessions')).json() as SessionView[];
    expect(malloryList.map((s) => s.id)).not.toContain(aliceSession!.id);
    expect(malloryList).toHaveLength(1);
  });

  it('refuses a malformed session id with 400 and needs a session', async () => {
    const { client } = await createTestUser(t);
    const res = await client.delete('/api/me/sessions/not-a-session-id');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_input');
    expect((await new BrowserClient(t).get('/api/me/sessions')).statusCode).toBe(401);
  });
});

describe('security events', () => {
  it('shows only the account’s own events, newest first, page by page', async () => {
    const { email, password } = await signUpAndVerify(t);
    const browser = await signIn(t, email, password);
    for (let i = 0; i < 3; i++)
      await new BrowserClient(t).post('/api/auth/login', { email, password: 'wrong-pass-00' });
    type Events = Array<{ id: string; at: string; action: string }>;
    // Failed sign-ins are recorded off the answer's path: wait for the last one to land.
    let all: Events = [];
    await vi.waitFor(async () => {
      all = (await browser.get('/api/me/security-events')).json() as Events;
      expect(all.map((e) => e.action)).toEqual([
        'login_failed',
        'login_failed',
        'login_failed',
        'login_succeeded',
        'email_verified',
        'signup',
      ]);
    }, OFF_PATH_WAIT);
    const first = (await browser.get('/api/me/security-events?limit=2')).json() as typeof all;
    expect(first).toHaveLength(2);
    const next = (
      await browser.get(`/api/me/security-events?limit=10&after=${encodeURIComponent(first[1]!.id)}`)
    ).json() as typeof all;
    expect([...first, ...next].map((e) => e.id)).toEqual(all.map((e) => e.id));

    // Events of one instant at a page edge: pages of one still list each exactly once.
    const userId = (await browser.get('/api/me')).json().id as string;
    const sameInstant = new Date('2026-01-01T10:00:00.123456Z');
    for (const action of ['token_created', 'token_revoked', 'totp_enabled']) {
      await createAuditRepo(t.database.db).record({
        userId,
        actorType: 'user',
        actorId: userId,
        action,
        at: sameInstant,
      });
    }
    const everything = (await browser.get('/api/me/security-events?limit=100')).json() as typeof all;
    const paged: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = (
        await browser.get(`/api/me/security-events?limit=1${after ? `&after=${after}` : ''}`)
      ).json() as typeof all;
      if (!page.length) break;
      paged.push(page[0]!.id);
      after = page[0]!.id;
    }
    expect(paged).toEqual(everything.map((e) => e.id));
    expect(new Set(paged).size).toBe(all.length + 3);

    const stranger = await createTestUser(t);
    const theirs = (await stranger.client.get('/api/me/security-events')).json() as typeof all;
    expect(theirs.map((e) => e.id).filter((id) => all.some((e) => e.id === id))).toEqual([]);
    // Paging after someone else's event id reveals nothing.
    const peek = await stranger.client.get(`/api/me/security-events?after=${all[0]!.id}`);
    expect(peek.statusCode).toBe(200);
    expect(peek.json()).toEqual([]);
  });

  it('rejects bad paging with 400', async () => {
    const { client } = await createTestUser(t);
    for (const q of ['limit=0', 'limit=1000', 'limit=abc', 'after=yesterday', 'after=%00']) {
      const res = await client.get(`/api/me/security-events?${q}`);
      expect(res.statusCode, q).toBe(400);
    }
  });
});

describe('profile', () => {
  it('changes the display name, locale and time zone', async () => {
    const { client } = await createTestUser(t);
    const res = await client.patch('/api/me', {
      displayName: '  Émilie du Châtelet ',
      locale: 'fr-FR',
      timeZone: 'Europe/Paris',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      displayName: 'Émilie du Châtelet',
      locale: 'fr-FR',
      timeZone: 'Europe/Paris',
    });
    expect((await client.get('/api/me')).json().timeZone).toBe('Europe/Paris');
  });

  it('refuses unknown time zones, bad locales, empty names and unknown fields', async () => {
    const { client } = await createTestUser(t);
    for (const body of [
      { timeZone: 'Mars/Olympus_Mons' },
      { timeZone: '+01:00' },
      { locale: 'not a locale' },
      { displayName: '   ' },
      { displayName: 'a\u0000b' },
      { displayName: 'x'.repeat(101) },
      { email: 'sneaky@example.test' },
      { state: 'active' },
    ]) {
      const res = await client.patch('/api/me', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await client.get('/api/me')).json().timeZone).toBe('UTC');
  });
});
