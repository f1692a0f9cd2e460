import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickPolicies } from './flows';
import {
  axeViolations,
  type E2EServer,
  hasChromium,
  launchBrowser,
  newContext,
  screenshot,
  startServer,
  trackProblems,
} from './harness';

/**
 * A partner app's whole life as its developer and a user see it: registered on the developer page, an
 * authorization started by the partner (this test, with PKCE), the consent screen in plain words, the
 * code exchanged at the token endpoint, the app in Connected apps, Disconnect, and the token refused.
 * The partner's redirect URI is a small HTTP server of this test on a loopback address (allowed over
 * plain http, as for native apps): it keeps what the browser brings back, as the partner would.
 */

let server: E2EServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let partner: Server;
let REDIRECT_URI = '';
/** Every request the partner's callback received, newest last. */
const callbacks: URL[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  partner = createServer((req, res) => {
    const url = new URL(req.url ?? '/', REDIRECT_URI);
    if (url.pathname === '/oauth/callback') callbacks.push(url);
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>Sleep Coach</title><p>ok</p>');
  });
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  REDIRECT_URI = `http://127.0.0.1:${(partner.address() as AddressInfo).port}/oauth/callback`;
  server = await startServer();
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => partner?.close(resolve));
});

const PASSWORD = 'Partner-Tester-Passphrase-58';

async function open() {
  const context = await newContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  const problems = trackProblems(page);
  return { context, page, problems };
}

async function refuseCookies(page: Page) {
  await page.getByRole('region', { name: 'Cookies' }).getByRole('button', { name: 'Refuse all' }).click();
}

async function signUp(page: Page, email: string) {
  await page.goto(`${server.url}/sign-up`);
  await refuseCookies(page);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Name', { exact: true }).fill('Partner Tester');
  await page.getByLabel('Date of birth', { exact: true }).fill('1988-09-30');
  await page.getByLabel('Country', { exact: true }).selectOption('FR');
  await tickPolicies(page); // the terms and privacy policy in force
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL('**/sign-up/check-mail');
  const mail = await server.smtp.waitFor(email, { subject: /confirm your email/i, timeoutMs: 15_000 });
  await page.goto(server.smtp.linkIn(mail));
  await page.getByText('Your email address is confirmed').waitFor();
}

async function signIn(page: Page, email: string) {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const base64url = (b: Buffer) => b.toString('base64url');

/** What a partner prepares before sending the user to authorize: PKCE S256 and a state. */
function startAuthorization(clientId: string, scopes: string[], extra: Record<string, string> = {}) {
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const state = base64url(randomBytes(16));
  const url = new URL(`${server.url}/oauth/auth`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    scope: scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
  return { url: url.href, verifier, state };
}

/** The token endpoint, as a confidential partner's server calls it (client_secret_basic). */
async function tokenRequest(
  client: { clientId: string; clientSecret: string },
  params: Record<string, string>,
) {
  const res = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(
        `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
      ).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A read of the user's data with the access token: the Withings-style user endpoint. */
async function partnerRead(accessToken: string) {
  const res = await fetch(`${server.url}/wbsapi/measure?action=getmeas`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return (await res.json()) as { status: number };
}

async function registerApp(page: Page, name: string) {
  await page.getByRole('link', { name: 'Developers' }).click();
  await page.waitForURL(`${server.url}/developer/apps`);
  const form = page.getByRole('region', { name: 'Register an app' });
  await form.getByLabel('App name').fill(name);
  await form.getByLabel('Redirect URIs').fill(REDIRECT_URI);
  await form.getByRole('checkbox', { name: /user\.metrics/ }).check();
  await form.getByRole('checkbox', { name: /user\.sleepevents/ }).check();
  await form.getByRole('checkbox', { name: /offline_access/ }).check();
  await form.getByRole('button', { name: 'Register the app' }).click();
  const clientId = (await page.getByTestId('client-id').textContent())?.trim() ?? '';
  const clientSecret = (await page.getByTestId('client-secret').textContent())?.trim() ?? '';
  expect(clientId).not.toBe('');
  expect(clientSecret.length).toBeGreaterThanOrEqual(32);
  return { clientId, clientSecret };
}

describe.skipIf(!hasChromium)('partner apps', () => {
  it('registers an app, connects it with PKCE, shows it in Connected apps, and Disconnect ends its token', async () => {
    const { page, problems } = await open();
    const email = `partner-${Date.now().toString(36)}@example.test`;
    await signUp(page, email);
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, email);
    await page.waitForURL(`${server.url}/`);

    // The developer registers the app: its client id and the secret, shown once.
    const client = await registerApp(page, 'Sleep Coach');
    const card = page.locator(`li[data-client-id="${client.clientId}"]`);
    await expect.poll(() => card.getByRole('heading', { name: 'Sleep Coach' }).isVisible()).toBe(true);
    expect(await card.textContent()).toContain(REDIRECT_URI);
    await page.waitForLoadState('networkidle');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'partners-developer-apps');
    await page.reload();
    expect(await page.getByTestId('client-secret').count()).toBe(0);

    // The partner sends the user to authorize; the user reads the scopes in plain words, unticks one
    // (issue #13) and allows.
    const auth = startAuthorization(client.clientId, ['user.metrics', 'user.sleepevents', 'offline_access']);
    await page.goto(auth.url);
    await page.waitForURL(/\/oauth\/consent\//);
    await page.getByRole('heading', { name: 'Sleep Coach asks to read your data' }).waitFor();
    const consent = await page.locator('main').textContent();
    expect(consent).toContain('Your measurements');
    expect(consent).toContain('Weight, body composition, blood pressure');
    expect(consent).toContain('Your sleep');
    expect(consent).toContain(`Your answer is sent back to ${new URL(REDIRECT_URI).host}.`);
    expect(consent).not.toContain('Your activity');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'partners-consent');
    const sleep = page.getByRole('checkbox', { name: 'Your sleep' });
    expect(await sleep.isChecked()).toBe(true);
    await sleep.uncheck();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((url) => url.href.startsWith(REDIRECT_URI));
    const callback = callbacks.at(-1)!;
    expect(callback.href).toBe(page.url());
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(auth.state);
    const code = callback.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    // The partner's server exchanges the code (with the verifier) and reads the user's data.
    const token = await tokenRequest(client, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: auth.verifier,
    });
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    const accessToken = String(token.body.access_token);
    const refreshToken = String(token.body.refresh_token);
    expect(token.body.token_type).toMatch(/^bearer$/i);
    expect(Number(token.body.expires_in)).toBeGreaterThan(0);
    expect(String(token.body.scope).split(' ').sort()).toEqual(['offline_access', 'user.metrics']);
    expect((await partnerRead(accessToken)).status).toBe(0);

    // Connected apps lists it with what it may read; Disconnect asks first, then it leaves the list.
    await page.goto(`${server.url}/privacy`);
    const section = page.getByRole('region', { name: 'Connected apps' });
    const item = section.locator(`li[data-client-id="${client.clientId}"]`);
    await item.waitFor();
    const listed = await item.textContent();
    expect(listed).toContain('Sleep Coach');
    expect(listed).toContain('Your measurements');
    expect(listed).not.toContain('Your sleep');
    expect(listed).toMatch(/last read (?!never)/);
    await page.waitForLoadState('networkidle');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'partners-connected-apps');
    await item.getByRole('button', { name: /Disconnect/ }).click();
    await item.getByRole('button', { name: 'Disconnect the app' }).click();
    await expect.poll(() => item.count()).toBe(0);
    await expect.poll(() => section.getByText('No app is connected to your account.').isVisible()).toBe(true);
    await page.reload();
    await section.getByText('No app is connected to your account.').waitFor();

    // From that moment its tokens fail: the access token, and the refresh token too.
    expect((await partnerRead(accessToken)).status).toBe(401);
    const refreshed = await tokenRequest(client, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
    expect(problems).toEqual([]);
  });

  it('sends a signed-out user to sign in first (in the language the app asked for), then back to the consent screen (in the account’s); Deny gives the app nothing', async () => {
    const owner = await open();
    const ownerEmail = `partner-owner-${Date.now().toString(36)}@example.test`;
    await signUp(owner.page, ownerEmail);
    await owner.page.goto(`${server.url}/sign-in`);
    await signIn(owner.page, ownerEmail);
    await owner.page.waitForURL(`${server.url}/`);
    const client = await registerApp(owner.page, 'Step Counter');

    // Another person, not signed in, follows the partner's link.
    const { page, problems } = await open();
    const email = `partner-user-${Date.now().toString(36)}@example.test`;
    await signUp(page, email);
    // The app asks for French (OpenID Connect ui_locales): the sign-in page speaks it, in an English
    // browser; once signed in, the consent screen speaks the account's language (English).
    const auth = startAuthorization(client.clientId, ['user.metrics'], { ui_locales: 'fr-CA fr en' });
    await page.goto(auth.url);
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('heading', { name: 'Se connecter' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'partners-sign-in-ui-locales-fr');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'partners-sign-in-ui-locales-fr-phone');
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/oauth\/consent\//);
    await page.getByRole('heading', { name: 'Step Counter asks to read your data' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL((url) => url.href.startsWith(REDIRECT_URI));
    const callback = callbacks.at(-1)!;
    expect(callback.href).toBe(page.url());
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(auth.state);
    expect(callback.searchParams.get('code')).toBeNull();

    await page.goto(`${server.url}/privacy`);
    await page.getByText('No app is connected to your account.').waitFor();
    expect(problems).toEqual([]);
  });
  it('a consent link opened in another browser is refused there, saying why; the browser that started it still answers', async () => {
    const owner = await open();
    const ownerEmail = `partner-link-owner-${Date.now().toString(36)}@example.test`;
    await signUp(owner.page, ownerEmail);
    await owner.page.goto(`${server.url}/sign-in`);
    await signIn(owner.page, ownerEmail);
    await owner.page.waitForURL(`${server.url}/`);
    const client = await registerApp(owner.page, 'Mood Log');

    // Someone follows the partner's link in their own browser, signs in, and reaches the consent screen.
    const starter = await open();
    const email = `partner-link-user-${Date.now().toString(36)}@example.test`;
    await signUp(starter.page, email);
    const auth = startAuthorization(client.clientId, ['user.metrics']);
    await starter.page.goto(auth.url);
    await starter.page.waitForURL(/\/sign-in/);
    await signIn(starter.page, email);
    await starter.page.waitForURL(/\/oauth\/consent\//);
    await starter.page.getByRole('heading', { name: 'Mood Log asks to read your data' }).waitFor();

    // They send the consent link to the owner, signed in in another browser: refused there, saying why.
    await owner.page.goto(starter.page.url());
    const alert = owner.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('started in another browser');
    expect(await owner.page.getByRole('button', { name: 'Allow' }).count()).toBe(0);
    expect(await axeViolations(owner.page)).toEqual([]);
    await screenshot(owner.page, 'partners-consent-other-browser');

    // The browser that started it still allows, and the app gets its code.
    await starter.page.getByRole('button', { name: 'Allow' }).click();
    await starter.page.waitForURL((url) => url.href.startsWith(REDIRECT_URI));
    const callback = callbacks.at(-1)!;
    expect(callback.searchParams.get('state')).toBe(auth.state);
    expect(callback.searchParams.get('code')).not.toBeNull();
    expect(owner.problems).toEqual([]);
    expect(starter.problems).toEqual([]);
  });

  it('refuses a bad redirect URI on the developer page, then edits, rotates the secret of and deletes an app', async () => {
    const { page, problems } = await open();
    const email = `partner-dev-${Date.now().toString(36)}@example.test`;
    await signUp(page, email);
    await page.goto(`${server.url}/sign-in`);
    await signIn(page, email);
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('link', { name: 'Developers' }).click();
    await page.getByText('You have registered no app yet.').waitFor();

    // A redirect URI over plain http to another host is refused next to its field; nothing is stored.
    const form = page.getByRole('region', { name: 'Register an app' });
    await form.getByLabel('App name').fill('Leaky App');
    await form.getByLabel('Redirect URIs').fill('http://leaky.example/callback');
    await form.getByRole('checkbox', { name: /user\.info/ }).check();
    await form.getByRole('button', { name: 'Register the app' }).click();
    await expect.poll(() => form.locator('[data-field="redirectUris"]').textContent()).toMatch(/https/);
    await page.reload();
    await page.getByText('You have registered no app yet.').waitFor();

    const client = await registerApp(page, 'Weight Pal');
    const card = page.locator(`li[data-client-id="${client.clientId}"]`);
    await card.getByRole('button', { name: /^Edit/ }).click();
    await card.getByLabel('App name').fill('Weight Pal Pro');
    await card.getByLabel('Redirect URIs').fill(`${REDIRECT_URI}\n${REDIRECT_URI}/second`);
    await card.getByRole('button', { name: 'Save changes' }).click();
    await card.getByRole('heading', { name: 'Weight Pal Pro' }).waitFor();
    expect(await card.textContent()).toContain(`${REDIRECT_URI}/second`);

    // A new secret replaces the old one at once: the token endpoint no longer knows the old one.
    await card.getByRole('button', { name: /^New client secret/ }).click();
    await card.getByRole('button', { name: 'Replace the secret' }).click();
    const newSecret = (await card.getByTestId('client-secret').textContent())?.trim() ?? '';
    expect(newSecret.length).toBeGreaterThanOrEqual(32);
    expect(newSecret).not.toBe(client.clientSecret);
    const probe = { grant_type: 'refresh_token', refresh_token: 'not-a-refresh-token' };
    expect((await tokenRequest(client, probe)).body.error).toBe('invalid_client');
    expect((await tokenRequest({ ...client, clientSecret: newSecret }, probe)).body.error).toBe(
      'invalid_grant',
    );

    await card.getByRole('button', { name: /^Delete/ }).click();
    await card.getByRole('button', { name: 'Delete the app' }).click();
    await expect.poll(() => card.count()).toBe(0);
    await page.reload();
    await page.getByText('You have registered no app yet.').waitFor();
    expect((await tokenRequest({ ...client, clientSecret: newSecret }, probe)).body.error).toBe(
      'invalid_client',
    );
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
