import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
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
  await page.locator('input[name="policies"]').check(); // the terms and privacy policy in force
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL('**/sign-up/check-mail');
  const mail = await server.smtp.waitFor(account.email, {
    subject: /confirm your email/i,
    timeoutMs: 15_000,
  });
  await page.goto(server.smtp.linkIn(mail));
  await page.getByText('Your email address is confirmed').waitFor();
}

/** Fills the sign-in form and submits it; the caller waits for what should follow. */
export async function submitSignIn(server: E2EServer, page: Page, email: string, password: string) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
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
export function browserSuite(env: Record<string, string> = {}) {
  let server: E2EServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    if (!hasChromium) return;
    server = await startServer(env);
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
    async open() {
      if (!browser) throw new Error('the browser suite has not started');
      const context = await newContext(browser);
      contexts.push(context);
      const page = await context.newPage();
      return { context, page, problems: trackProblems(page) };
    },
  };
}
