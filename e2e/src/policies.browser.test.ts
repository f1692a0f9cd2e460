import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAppContext,
  createUserAsOperator,
  loadConfig,
  openDatabase,
  publishPolicyAsOperator,
} from '../../server/src/index';
import {
  axeViolations,
  type E2EServer,
  hasChromium,
  launchBrowser,
  newContext,
  startServer,
  trackProblems,
} from './harness';

const DAY = 24 * 3600 * 1000;
const daysFromNow = (n: number) => new Date(Date.now() + n * DAY);
const ymd = (d: Date) => d.toISOString().slice(0, 10);
const EMAIL = 'gate@example.test';
const PASSWORD = 'Gate-Keeper-Horse-42!';

let server: E2EServer;
let browser: Browser;
let dataDir: string;
const contexts: BrowserContext[] = [];

/**
 * The server's clock cannot be moved, so the history is written before it starts, through the real
 * operator paths with past dates: an account made 40 days ago, a major privacy policy version
 * published 40 days ago that took effect 5 days ago (so it is owed), and a major change of the terms
 * published today for 40 days ahead (so it is announced).
 */
async function seedHistory(dir: string) {
  const database = await openDatabase({ dataDir: dir });
  try {
    await database.migrate();
    const fortyDaysAgo = daysFromNow(-40);
    await createUserAsOperator(
      createAppContext({ config: loadConfig({}, { dataDir: dir }), database, now: () => fortyDaysAgo }),
      {
        email: EMAIL,
        displayName: 'Gate Tester',
        birthDate: '1980-03-03',
        country: 'FR',
        password: PASSWORD,
      },
    );
    await publishPolicyAsOperator(
      database,
      {
        document: 'privacy',
        version: '2',
        effectiveDate: ymd(daysFromNow(-5)),
        summary: 'We now keep technical logs for 90 days.',
        major: true,
        markdown:
          '# Privacy policy\n\nWe keep technical logs for 90 days.\n\nEverything else is as before.\n',
      },
      daysFromNow(-40),
    );
    await publishPolicyAsOperator(database, {
      document: 'terms',
      version: '2',
      effectiveDate: ymd(daysFromNow(40)),
      summary: 'New rules for shared devices.',
      major: true,
      markdown: '# Terms of use\n\nNew rules for shared devices.\n',
    });
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  if (!hasChromium) return;
  dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-e2e-policies-'));
  await seedHistory(dataDir);
  server = await startServer({ VITALBASE_DATA_DIR: dataDir, JOBS: 'false' });
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)('policy acceptance gate', () => {
  it('holds the app until the new version is accepted, then lets the user go on and shows the banner', async () => {
    const context = await newContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    const problems = trackProblems(page);

    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email', { exact: true }).fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Straight to the acceptance page, whatever page was asked for.
    await page.waitForURL('**/policies/accept');
    await page.getByRole('heading', { name: 'Please read and accept our new terms' }).waitFor();
    await expect.poll(() => page.getByText('We now keep technical logs for 90 days.').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${server.url}/goals`);
    await page.waitForURL('**/policies/accept');
    // The API holds data routes meanwhile (the browser's own session).
    const held = await page.request.get(`${server.url}/api/me/goals`);
    expect(held.status()).toBe(403);
    expect((await held.json()).error.code).toBe('policy_acceptance_required');

    // Reading it: the text and what changed from version 1.
    await page.getByRole('link', { name: 'Read it' }).click();
    await page.waitForURL('**/policies/privacy/2');
    await page.getByRole('heading', { name: /Privacy policy — version 2/ }).waitFor();
    await page.getByRole('tab', { name: 'What changed from version 1' }).click();
    const diff = page.getByTestId('policy-diff');
    await expect
      .poll(async () => (await diff.locator('ins').allTextContents()).join(' '))
      .toContain('We keep technical logs for 90 days.');
    expect(await diff.locator('del').count()).toBeGreaterThan(0);

    // Accepting: back to the app, the data routes answer again.
    await page.goto(`${server.url}/policies/accept`);
    await page.getByRole('button', { name: 'I have read and accept' }).click();
    await page.waitForURL(`${server.url}/`);
    expect((await page.request.get(`${server.url}/api/me/goals`)).status()).toBe(200);
    await page.goto(`${server.url}/goals`);
    await expect.poll(() => page.url()).toBe(`${server.url}/goals`);

    // The announced change of the terms shows as a banner until accepted.
    const banner = page.locator('.policy-banner');
    await expect.poll(() => banner.textContent()).toContain('Our terms of use change on');
    expect(await banner.textContent()).toContain('New rules for shared devices.');

    // What was accepted, and when.
    await page.goto(`${server.url}/policies`);
    await expect
      .poll(() => page.getByTestId('policy-acceptances').textContent())
      .toContain('Privacy policy, version 2: accepted on');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
