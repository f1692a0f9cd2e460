import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type E2EServer,
  hasChromium,
  launchBrowser,
  newContext,
  startServer,
  trackProblems,
} from './harness';

let server: E2EServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer();
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function open() {
  const context = await newContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  return { context, page, problems: trackProblems(page) };
}

async function signUp(page: Page, email: string, password: string) {
  await page.goto(`${server.url}/sign-up`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Name', { exact: true }).fill('Leaving User');
  await page.getByLabel('Date of birth', { exact: true }).fill('1985-02-03');
  await page.getByLabel('Country', { exact: true }).selectOption('FR');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL('**/sign-up/check-mail');
  const mail = await server.smtp.waitFor(email, { subject: /confirm your email/i, timeoutMs: 15_000 });
  await page.goto(server.smtp.linkIn(mail));
  await page.getByText('Your email address is confirmed').waitFor();
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!hasChromium)('delete my account (P19)', () => {
  it('closes the account at once, refuses sign-in, and the mailed link cancels within 7 days', async () => {
    const { page, problems } = await open();
    const email = `leaving-${Date.now()}@example.test`;
    const password = 'quiet-harbour-lantern-42';
    await signUp(page, email, password);
    await signIn(page, email, password);
    await page.waitForURL(`${server.url}/`);

    await page.goto(`${server.url}/privacy`);
    const section = page.getByRole('region', { name: 'Delete my account' });
    await section.getByLabel('Current password', { exact: true }).fill('not-my-password-at-all');
    await section.getByLabel('I understand that this cannot be undone after 7 days.').check();
    await section.getByRole('button', { name: 'Delete my account' }).click();
    // A wrong password closes nothing.
    await expect.poll(() => page.url()).toBe(`${server.url}/privacy`);
    await section.getByRole('alert').first().waitFor();

    await section.getByLabel('Current password', { exact: true }).fill(password);
    await section.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL('**/account-closed');
    await page.getByText('Your account is closed').waitFor();

    // Signed out everywhere, and the account cannot sign in.
    await page.goto(`${server.url}/privacy`);
    await page.waitForURL('**/sign-in**');
    await signIn(page, email, password);
    await page.getByRole('alert').first().waitFor();
    expect(page.url()).toContain('/sign-in');

    const mail = await server.smtp.waitFor(email, { subject: /will be deleted/, timeoutMs: 15_000 });
    await page.goto(server.smtp.linkIn(mail));
    await page.getByRole('button', { name: 'Cancel the deletion' }).click();
    await page.getByText('The deletion is cancelled').waitFor();

    await signIn(page, email, password);
    await page.waitForURL(`${server.url}/`);
    expect(problems).toEqual([]);
  });
});
