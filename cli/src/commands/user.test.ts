import { type AppContext, createAppContext, type Database, loadConfig } from '@vitalbase/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionsRepo } from '../../../server/src/features/accounts/sessions.repo';
import { createTestDatabase } from '../../../server/src/test/database';
import { mailList } from './mail';
import { userCreate, userDisable, userList, userShow } from './user';

let database: Database;
let ctx: AppContext;
beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createAppContext({ config: loadConfig({ LOG_LEVEL: 'silent' }), database });
});
afterAll(() => database?.close());

function capture() {
  const lines: string[] = [];
  return { lines, print: (line: string) => lines.push(line) };
}

describe('vitalbase user', () => {
  it('creates a verified account with a generated password shown once, then lists and shows it', async () => {
    const out = capture();
    const user = await userCreate(
      ctx,
      {
        email: 'Operator.Made@Example.test',
        name: 'Made By Operator',
        birthDate: '1970-05-05',
        country: 'fr',
      },
      out.print,
    );
    expect(user).toMatchObject({ email: 'operator.made@example.test', state: 'active', emailVerified: true });
    expect(out.lines[1]).toMatch(/^password \(shown once\): \S{20,}$/);

    const list = capture();
    const rows = await userList(database, {}, list.print);
    expect(rows.map((r) => r.email)).toContain('operator.made@example.test');
    expect(list.lines.join('\n')).toContain('operator.made@example.test');

    const show = capture();
    const shown = await userShow(database, user.id, show.print);
    expect(shown).toMatchObject({ country: 'FR', activeSessions: 0 });
    expect(show.lines.join('\n')).toContain('signup');
  });

  it('creates the account in the time zone given with --time-zone (UTC by default)', async () => {
    const { print } = capture();
    const base = { name: 'Zoned', birthDate: '1975-01-01', country: 'FR' };
    const paris = await userCreate(
      ctx,
      { ...base, email: 'zoned@example.test', timeZone: 'Europe/Paris' },
      print,
    );
    expect((await userShow(database, paris.id, print)).timeZone).toBe('Europe/Paris');
    const plain = await userCreate(ctx, { ...base, email: 'unzoned@example.test' }, print);
    expect((await userShow(database, plain.id, print)).timeZone).toBe('UTC');
    await expect(
      userCreate(ctx, { ...base, email: 'nowhere@example.test', timeZone: 'Nowhere/Land' }, print),
    ).rejects.toThrow(/timeZone/);
  });

  it('refuses invalid input, a taken email, a weak password and a minor', async () => {
    const base = { email: 'x1@example.test', name: 'X', birthDate: '1980-01-01', country: 'FR' };
    const { print } = capture();
    await expect(userCreate(ctx, { ...base, email: 'not-an-email' }, print)).rejects.toThrow(/email/);
    await expect(userCreate(ctx, { ...base, country: 'ZZ' }, print)).rejects.toThrow(/country/);
    await expect(userCreate(ctx, { ...base, password: 'password123' }, print)).rejects.toThrow(/stronger/);
    await expect(userCreate(ctx, { ...base, birthDate: '2020-01-01' }, print)).rejects.toThrow(
      /digital consent/,
    );
    await userCreate(ctx, base, print);
    await expect(userCreate(ctx, { ...base, email: 'X1@example.test' }, print)).rejects.toThrow(
      /already exists/,
    );
  });

  it('disables an account and ends its sessions', async () => {
    const out = capture();
    const user = await userCreate(
      ctx,
      { email: 'to-disable@example.test', name: 'D', birthDate: '1980-01-01', country: 'DE' },
      out.print,
    );
    const sessions = createSessionsRepo(database.db);
    await sessions.insert({ userId: user.id, id: 'session-a', expiresAt: new Date(Date.now() + 3600_000) });
    await sessions.insert({ userId: user.id, id: 'session-b', expiresAt: new Date(Date.now() + 3600_000) });
    const disabled = await userDisable(ctx, 'to-disable@example.test', { reason: 'terms' }, out.print);
    expect(disabled.state).toBe('disabled');
    expect(out.lines.at(-1)).toContain('2 session(s) ended');
    expect(await sessions.listActive(user.id, new Date())).toEqual([]);
    const shown = await userShow(database, user.id, capture().print);
    expect(shown.state).toBe('disabled');
    expect(shown.recentEvents[0]?.action).toBe('account_disabled');
    expect((await userList(database, { state: 'disabled' }, capture().print)).map((u) => u.id)).toEqual([
      user.id,
    ]);
  });

  it('answers unknown accounts with an error', async () => {
    await expect(userShow(database, 'nobody@example.test', capture().print)).rejects.toThrow(/not found/);
    await expect(
      userDisable(ctx, '00000000-0000-4000-8000-000000000000', {}, capture().print),
    ).rejects.toThrow(/not found/);
  });
});

describe('vitalbase mail', () => {
  it('lists the embedded outbox with links, filtered by recipient and limited', async () => {
    const user = await userCreate(
      ctx,
      { email: 'mailee@example.test', name: 'M', birthDate: '1980-01-01', country: 'FR' },
      capture().print,
    );
    await ctx.mailer.send({
      userId: user.id,
      to: 'mailee@example.test',
      subject: 'Confirm your email address',
      text: 'Open http://localhost:8080/verify-email?token=abc to confirm.',
      kind: 'verify-email',
    });
    await ctx.mailer.send({
      userId: user.id,
      to: 'other@example.test',
      subject: 'Other',
      text: 'no link',
      kind: 'x',
    });
    const out = capture();
    const entries = await mailList(database, { to: 'MAILEE@example.test' }, out.print);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      subject: 'Confirm your email address',
      links: ['http://localhost:8080/verify-email?token=abc'],
    });
    expect(out.lines.join('\n')).toContain('    http://localhost:8080/verify-email?token=abc');
    expect(await mailList(database, { limit: 1 }, capture().print)).toHaveLength(1);
    const empty = capture();
    expect(await mailList(database, { to: 'nobody@example.test' }, empty.print)).toEqual([]);
    expect(empty.lines[0]).toMatch(/empty/);
  });

  it("records each listed account's read, and each addressee's mail read, in their access log (P26)", async () => {
    const { user } = await createUserForLog('logged.read@example.test');
    const accessLog = async () =>
      (
        await database.raw.query<{ actor_id: string; purpose: string; what: string[] }>(
          'SELECT actor_id, purpose, what FROM data_access_log WHERE user_id = $1 ORDER BY at',
          [user.id],
        )
      ).rows;
    expect(await accessLog()).toEqual([]);
    await userList(database, { purpose: 'support ticket 12' }, capture().print);
    await mailList(database, { to: 'logged.read@example.test', purpose: 'mail check' }, capture().print);
    expect(await accessLog()).toEqual([
      {
        actor_id: 'cli',
        purpose: 'account administration (vitalbase user list): support ticket 12',
        what: ['identity', 'account_state'],
      },
      {
        actor_id: 'cli',
        purpose: 'reading the embedded outbox (vitalbase mail): mail check',
        what: ['identity', 'mail'],
      },
    ]);
  });
});

async function createUserForLog(email: string) {
  const made = await userCreate(
    ctx,
    { email, name: 'Logged', birthDate: '1980-01-01', country: 'FR' },
    () => {},
  );
  await ctx.mailer.send({ userId: made.id, to: email, kind: 'x', subject: 'Hello', text: 'no link' });
  return { user: made };
}
