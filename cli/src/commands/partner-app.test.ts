import { createHash } from 'node:crypto';
import { type AppContext, createAppContext, type Database, loadConfig } from '@vitalbase/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartnerAppsRepo } from '../../../server/src/features/oauth/partner-apps.repo';
import { createTestDatabase } from '../../../server/src/test/database';
import {
  partnerAppCreate,
  partnerAppDelete,
  partnerAppDisable,
  partnerAppEnable,
  partnerAppList,
  splitScopes,
} from './partner-app';

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

const base = {
  name: 'Sleep Coach',
  redirectUri: ['https://sleep-coach.example/oauth/callback'],
  scope: ['user.metrics,user.sleepevents'],
};

describe('vitalbase partner-app', () => {
  it('registers a confidential app owned by the instance, with its secret shown once and only its hash kept', async () => {
    const out = capture();
    const { app, clientSecret } = await partnerAppCreate(
      ctx,
      { ...base, scope: ['user.metrics, user.sleepevents', 'offline_access'] },
      out.print,
    );
    expect(app).toMatchObject({
      name: 'Sleep Coach',
      ownerUserId: null,
      isPublic: false,
      redirectUris: ['https://sleep-coach.example/oauth/callback'],
      scopes: ['user.metrics', 'user.sleepevents', 'offline_access'],
    });
    expect(out.lines).toEqual([
      'registered Sleep Coach',
      `client_id: ${app.clientId}`,
      `client_secret (shown once): ${clientSecret}`,
      'pkce: optional (checked when a code_challenge is sent)',
    ]);
    expect(app.pkceRequired).toBe(false);
    expect(clientSecret?.length).toBeGreaterThanOrEqual(32);
    const stored = await createPartnerAppsRepo(database.db).find(app.clientId);
    expect(stored?.clientSecretHash).toBe(
      createHash('sha256')
        .update(clientSecret ?? '')
        .digest('base64url'),
    );
    expect(JSON.stringify(stored)).not.toContain(clientSecret);
  });

  it('registers a public app with no secret', async () => {
    const out = capture();
    const { app, clientSecret } = await partnerAppCreate(
      ctx,
      { ...base, name: 'Phone App', redirectUri: ['com.example.phone:/callback'], public: true },
      out.print,
    );
    expect(clientSecret).toBeNull();
    expect(app.isPublic).toBe(true);
    expect((await createPartnerAppsRepo(database.db).find(app.clientId))?.clientSecretHash).toBeNull();
    expect(out.lines.slice(-2)).toEqual(['public client: no secret (PKCE only)', 'pkce: required']);
  });

  it('makes a confidential app require PKCE with --require-pkce', async () => {
    const out = capture();
    const { app } = await partnerAppCreate(ctx, { ...base, requirePkce: true }, out.print);
    expect(app.pkceRequired).toBe(true);
    expect(out.lines.at(-1)).toBe('pkce: required');
  });

  it('refuses bad input with the reason, and stores nothing', async () => {
    const before = (await partnerAppList(ctx, capture().print)).length;
    const { print } = capture();
    await expect(partnerAppCreate(ctx, { ...base, scope: ['user.everything'] }, print)).rejects.toThrow(
      /scopes/,
    );
    await expect(
      partnerAppCreate(ctx, { ...base, redirectUri: ['http://sleep-coach.example/cb'] }, print),
    ).rejects.toThrow(/https/);
    await expect(
      partnerAppCreate(ctx, { ...base, redirectUri: ['https://sleep-coach.example/cb#frag'] }, print),
    ).rejects.toThrow(/fragment/);
    await expect(partnerAppCreate(ctx, { ...base, name: '   ' }, print)).rejects.toThrow(/name/);
    await expect(partnerAppCreate(ctx, { ...base, scope: [' , '] }, print)).rejects.toThrow(/scopes/);
    await expect(
      partnerAppCreate(ctx, { ...base, logoUri: 'http://sleep-coach.example/logo.png' }, print),
    ).rejects.toThrow(/logoUri/);
    expect(await partnerAppList(ctx, capture().print)).toHaveLength(before);
  });

  it('lists every app, then deletes one so it is gone', async () => {
    const { app } = await partnerAppCreate(ctx, { ...base, name: 'To Delete' }, capture().print);
    const list = capture();
    const apps = await partnerAppList(ctx, list.print);
    expect(apps.map((a) => a.name)).toEqual(
      expect.arrayContaining(['Sleep Coach', 'Phone App', 'To Delete']),
    );
    const line = list.lines.find((l) => l.startsWith(app.clientId));
    expect(line).toContain('To Delete  confidential  pkce optional  operator  user.metrics,user.sleepevents');

    const out = capture();
    await partnerAppDelete(ctx, app.clientId, out.print);
    expect(out.lines[0]).toBe(`deleted To Delete (${app.clientId}); its tokens no longer work`);
    expect(await createPartnerAppsRepo(database.db).find(app.clientId)).toBeUndefined();
    expect((await partnerAppList(ctx, capture().print)).map((a) => a.clientId)).not.toContain(app.clientId);
    await expect(partnerAppDelete(ctx, app.clientId, capture().print)).rejects.toThrow(/not found/);
  });

  it('disables an app with a reason (kept, marked in the list), and enables it again', async () => {
    const { app } = await partnerAppCreate(ctx, { ...base, name: 'Paused App' }, capture().print);
    const out = capture();
    await partnerAppDisable(ctx, app.clientId, 'Breach under investigation', out.print);
    expect(out.lines).toEqual([
      `disabled Paused App (${app.clientId}); its tokens are refused, its connections are kept`,
    ]);
    const list = capture();
    await partnerAppList(ctx, list.print);
    expect(list.lines.find((l) => l.startsWith(app.clientId))).toMatch(
      /DISABLED since \d{4}-\d{2}-\d{2}: Breach under investigation$/,
    );
    await expect(partnerAppDisable(ctx, app.clientId, '', capture().print)).rejects.toThrow(/reason/);
    await partnerAppEnable(ctx, app.clientId, capture().print);
    expect((await createPartnerAppsRepo(database.db).find(app.clientId))?.disabledAt).toBeNull();
    await expect(partnerAppEnable(ctx, 'no-such-app', capture().print)).rejects.toThrow(/not found/);
  });

  it('splits scopes written with commas, spaces or a repeated option', () => {
    expect(splitScopes(['user.info,user.metrics', 'openid  fhirUser', ''])).toEqual([
      'user.info',
      'user.metrics',
      'openid',
      'fhirUser',
    ]);
  });
});
