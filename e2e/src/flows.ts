import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createThrottle, UserHttp } from '../../cli/src/simulator/http';
import {
  type E2EServer,
  hasChromium,
  launchBrowser,
  newContext,
  startServer,
  trackProblems,
} from './harness';

export interface BrowserAccount {
  email: string;
  password: string;
  name?: string;
  birthDate?: string;
}

/** Signs up through the form and confirms the address from the mailed link; ends signed out. */
export async function signUpInBrowser(server: E2EServer, page: Page, account: BrowserAccount) {
  await page.goto(`${server.url}/sign-up`);
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('New password', { exact: true }).fill(account.password);
  await page.getByLabel('Name', { exact: true }).fill(account.name ?? 'Browser Tester');
  await page.getByLabel('Date of birth', { exact: true }).fill(account.birthDate ?? '1988-02-03');
  await page.getByLabel('Country', { exact: true }).selectOption('FR');
  await tickPolicies(page); // the terms and privacy policy in force
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL('**/sign-up/check-mail');
  const mail = await server.smtp.waitFor(account.email, {
    subject: /confirm your email/i,
    timeoutMs: 15_000,
  });
  await page.goto(server.smtp.linkIn(mail));
  await page.getByText('Your email address is confirmed').waitFor();
}

/**
 * Ticks the sign-up form's box accepting the terms and privacy policy in force. It is enabled once the
 * versions have loaded, and a click by coordinates could land elsewhere while the form still moves (a
 * field's hint appearing): the click is dispatched on the box itself, until the box holds the tick.
 */
export async function tickPolicies(page: Page) {
  const box = page.locator('input[name="policies"]');
  await expect
    .poll(
      async () => {
        if ((await box.isEnabled()) && !(await box.isChecked())) await box.dispatchEvent('click');
        return box.isChecked();
      },
      { timeout: 15_000 },
    )
    .toBe(true);
}

/** The token of the confirmation link mailed to `email` (the simulator's `verifyEmail` takes this too). */
export async function mailedToken(server: E2EServer, email: string): Promise<string> {
  const mail = await server.smtp.waitFor(email, { subject: /confirm/i, timeoutMs: 20_000 });
  const token = new URL(server.smtp.linkIn(mail)).searchParams.get('token');
  if (!token) throw new Error(`no token in the mail to ${email}`);
  return token;
}

/**
 * A confirmed account made through the API as the sign-up page makes it (accepting the policy
 * versions in force), signed in: the returned client seeds its readings. For tests whose subject is
 * not the sign-up form (that has its own: signUpInBrowser).
 */
export async function signUpByApi(
  server: E2EServer,
  account: BrowserAccount & { country?: string; timeZone?: string; locale?: string },
): Promise<UserHttp> {
  const http = new UserHttp({ baseUrl: server.url, throttle: createThrottle(0) });
  const version = async (document: string) =>
    (await http.call<{ version: string }>('GET', `/api/policies/${document}`)).version;
  await http.call('POST', '/api/auth/signup', {
    email: account.email,
    password: account.password,
    displayName: account.name ?? 'Browser Tester',
    birthDate: account.birthDate ?? '1988-02-03',
    country: account.country ?? 'FR',
    ...(account.timeZone ? { timeZone: account.timeZone } : {}),
    ...(account.locale ? { locale: account.locale } : {}),
    policies: { privacy: await version('privacy'), terms: await version('terms') },
  });
  await http.call('POST', '/api/auth/verify-email', { token: await mailedToken(server, account.email) });
  await http.call('POST', '/api/auth/login', { email: account.email, password: account.password });
  return http;
}

/** Fills the sign-in form and submits it; the caller waits for what should follow. */
export async function submitSignIn(server: E2EServer, page: Page, email: string, password: string) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in through the form in any language (fields by name); ends on the dashboard, drawn. */
export async function signInAnyLanguage(server: E2EServer, page: Page, email: string, password: string) {
  await page.goto(`${server.url}/sign-in`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(`${server.url}/`);
  await page.locator('main h1').first().waitFor();
}

/** A new account, signed in on the dashboard. */
export async function signUpAndSignIn(server: E2EServer, page: Page, account: BrowserAccount) {
  await signUpInBrowser(server, page, account);
  await submitSignIn(server, page, account.email, account.password);
  await page.waitForURL(`${server.url}/`);
}

/**
 * One real server and one Chromium for a test file: started before its tests (skipped without
 * Chromium), stopped after them with every context `open()` made.
 */
export function browserSuite(env: Record<string, string> = {}, opts: { clock?: boolean } = {}) {
  let server: E2EServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    if (!hasChromium) return;
    server = await startServer(env, opts);
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });
  return {
    get server(): E2EServer {
      if (!server) throw new Error('the browser suite has not started');
      return server;
    },
    /** A fresh browser context (its own cookies) with one page, and the page's problems. */
    async open(opts: { locale?: string } = {}) {
      if (!browser) throw new Error('the browser suite has not started');
      const context = await newContext(browser, opts);
      contexts.push(context);
      const page = await context.newPage();
      return { context, page, problems: trackProblems(page) };
    },
  };
}
