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
  overflowsHorizontally,
  screenshot,
  startServer,
  trackProblems,
} from './harness';

const DAY = 24 * 3600 * 1000;
const daysFromNow = (n: number) => new Date(Date.now() + n * DAY);
const ymd = (d: Date) => d.toISOString().slice(0, 10);
const EMAIL = 'gate@example.test';
const FR_EMAIL = 'porte@example.test';
const PASSWORD = 'Gate-Keeper-Horse-42!';

let server: E2EServer;
let browser: Browser;
let dataDir: string;
const contexts: BrowserContext[] = [];

/**
 * The server's clock cannot be moved, so the history is written before it starts, through the real
 * operator paths with past dates: an account made 40 days ago (by the operator: no acceptance on
 * record), a major terms version published 40 days ago that took effect 5 days ago (so it is owed),
 * and a major change of the privacy policy published today for 40 days ahead (so it is announced).
 * The privacy policy in force stays Vitalbase's version 1 (English and French, the operator's facts
 * unset), which the public page tests read.
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
    const owed = createAppContext({
      config: loadConfig({}, { dataDir: dir }),
      database,
      now: () => fortyDaysAgo,
    });
    await createUserAsOperator(owed, {
      email: FR_EMAIL,
      displayName: 'Camille Porte',
      birthDate: '1982-04-04',
      country: 'FR',
      password: PASSWORD,
    });
    // A French account (the operator's command makes English ones): the server picks its texts by it.
    await database.raw.query("UPDATE users SET locale = 'fr-FR' WHERE email = $1", [FR_EMAIL]);
    await publishPolicyAsOperator(
      database,
      {
        document: 'terms',
        version: '2',
        effectiveDate: ymd(daysFromNow(-5)),
        summary: 'New rules for shared devices.',
        major: true,
        markdown: '# Terms of use\n\nNew rules for shared devices.\n\nEverything else is as before.\n',
      },
      daysFromNow(-40),
    );
    await publishPolicyAsOperator(database, {
      document: 'privacy',
      version: '2',
      effectiveDate: ymd(daysFromNow(40)),
      summary: 'We now keep technical logs for 90 days.',
      major: true,
      markdown: '# Privacy policy\n\nWe keep technical logs for 90 days.\n',
      summaryFr: 'Nous gardons désormais les journaux techniques 90 jours.',
      markdownFr: '# Politique de confidentialité\n\nNous gardons les journaux techniques 90 jours.\n',
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
    await expect.poll(() => page.getByText('New rules for shared devices.').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${server.url}/goals`);
    await page.waitForURL('**/policies/accept');
    // The API holds data routes meanwhile (the browser's own session).
    const held = await page.request.get(`${server.url}/api/me/goals`);
    expect(held.status()).toBe(403);
    expect((await held.json()).error.code).toBe('policy_acceptance_required');

    // Reading it: the text and what changed from version 1.
    // The account owes version 1 of the privacy policy too (made by the operator: nothing accepted).
    await page.locator('a[href="/policies/terms/2"]', { hasText: 'Read it' }).click();
    await page.waitForURL('**/policies/terms/2');
    await page.getByRole('heading', { name: /Terms of use — version 2/ }).waitFor();
    await page.getByRole('tab', { name: 'What changed from version 1' }).click();
    const diff = page.getByTestId('policy-diff');
    await expect
      .poll(async () => (await diff.locator('ins').allTextContents()).join(' '))
      .toContain('New rules for shared devices.');
    expect(await diff.locator('del').count()).toBeGreaterThan(0);

    // Accepting: back to the app, the data routes answer again.
    await page.goto(`${server.url}/policies/accept`);
    await page.getByRole('button', { name: 'I have read and accept' }).click();
    await page.waitForURL(`${server.url}/`);
    expect((await page.request.get(`${server.url}/api/me/goals`)).status()).toBe(200);
    await page.goto(`${server.url}/goals`);
    await expect.poll(() => page.url()).toBe(`${server.url}/goals`);

    // The announced change of the privacy policy shows as a banner until accepted.
    const banner = page.locator('.policy-banner');
    await expect.poll(() => banner.textContent()).toContain('Our privacy policy changes on');
    expect(await banner.textContent()).toContain('We now keep technical logs for 90 days.');

    // What was accepted, and when.
    await page.goto(`${server.url}/policies`);
    await expect
      .poll(() => page.getByTestId('policy-acceptances').textContent())
      .toContain('Terms of use, version 2: accepted on');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('a French reader of the policy versions', () => {
  it('reads a version published in French in French, one in English only marked so', async () => {
    const context = await newContext(browser, { locale: 'fr-FR' });
    contexts.push(context);
    const page = await context.newPage();
    const problems = trackProblems(page);
    await page.goto(`${server.url}/sign-in`);
    await page.locator('input[type=email]').fill(FR_EMAIL);
    await page.locator('input[type=password]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();

    // The terms owed exist in English only: the summary says so.
    await page.waitForURL('**/policies/accept');
    await page.getByRole('heading', { name: 'Veuillez lire et accepter nos nouvelles conditions' }).waitFor();
    await page.getByText('New rules for shared devices.').waitFor();
    expect(await page.getByText('(Cette version du texte n’existe qu’en anglais.)').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'policies-accept-fr-desktop');
    await page.getByRole('button', { name: 'J’ai lu et j’accepte' }).click();
    await page.waitForURL(`${server.url}/`);

    // The announced privacy policy was published in French: its banner and its page are French.
    const banner = page.locator('.policy-banner');
    await expect
      .poll(() => banner.textContent())
      .toContain('Nous gardons désormais les journaux techniques 90 jours.');
    expect(await banner.textContent()).not.toContain('anglais');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'policies-banner-fr-phone');
    await page.goto(`${server.url}/policies/privacy/2`);
    await page.locator('.policy-text h1', { hasText: 'Politique de confidentialité' }).waitFor();
    expect(await page.getByText('Cette version du texte n’existe qu’en anglais.').count()).toBe(0);
    expect(await overflowsHorizontally(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'policies-version-fr-phone');
    await page.goto(`${server.url}/policies/terms/2`);
    await page.locator('.policy-text').getByText('New rules for shared devices.').waitFor();
    expect(await page.getByText('Cette version du texte n’existe qu’en anglais.').isVisible()).toBe(true);
    await page.setViewportSize({ width: 1366, height: 900 });
    await screenshot(page, 'policies-version-terms-fr-desktop');
    expect(problems).toEqual([]);
  });
});

const VIEWPORTS = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } };
const LOCALES = { en: 'en-US', fr: 'fr-FR' } as const;

/** A signed-out browser in that language and size, and its page. */
async function visitor(locale: keyof typeof LOCALES, viewport: keyof typeof VIEWPORTS) {
  const context = await newContext(browser, { locale: LOCALES[locale] });
  contexts.push(context);
  const page = await context.newPage();
  await page.setViewportSize(VIEWPORTS[viewport]);
  return { page, problems: trackProblems(page) };
}

describe.skipIf(!hasChromium)('the privacy policy and terms, before signing in', () => {
  const texts = {
    en: {
      privacy: 'Vitalbase privacy policy',
      placeholder: '[operator name — set OPERATOR_NAME]',
      rights: '6. Your rights, and where to use them in the app',
      footer: 'Privacy policy',
    },
    fr: {
      privacy: 'Politique de confidentialité de Vitalbase',
      placeholder: '[nom de l’exploitant — à définir : OPERATOR_NAME]',
      rights: '6. Vos droits, et où les exercer dans l’application',
      footer: 'Politique de confidentialité',
    },
  };

  for (const locale of ['en', 'fr'] as const) {
    for (const viewport of ['desktop', 'phone'] as const) {
      it(`reads both in ${locale} on a ${viewport}, from the sign-in page's footer`, async () => {
        const { page, problems } = await visitor(locale, viewport);
        const text = texts[locale];
        await page.goto(`${server.url}/sign-in`);
        await page.getByRole('contentinfo').getByRole('link', { name: text.footer, exact: true }).click();
        await page.waitForURL('**/privacy-policy');
        await page.getByRole('heading', { level: 1, name: text.privacy }).waitFor();
        await page.getByRole('heading', { level: 2, name: text.rights }).waitFor();
        // The operator's facts are not configured on this server: a visible placeholder says which.
        expect(await page.locator('.policy-text mark').first().textContent()).toBe(text.placeholder);
        expect(await page.locator('.policy-public').textContent()).toMatch(
          /Version 1, (in force since|en vigueur depuis le)/,
        );
        expect(await overflowsHorizontally(page)).toBe(false);
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `policies-privacy-${locale}-${viewport}`);

        // The terms in force are the operator's version 2, written in English only: the page says so.
        await page
          .getByRole('article')
          .getByRole('link', { name: locale === 'en' ? 'Terms of use' : 'Conditions d’utilisation' })
          .click();
        await page.waitForURL('**/terms');
        await page.getByRole('heading', { level: 1, name: 'Terms of use' }).waitFor();
        await page.getByText('New rules for shared devices.').waitFor();
        const englishOnly = page.getByText('Cette version du texte n’existe qu’en anglais.');
        expect(await englishOnly.isVisible()).toBe(locale === 'fr');
        expect(await overflowsHorizontally(page)).toBe(false);
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `policies-terms-${locale}-${viewport}`);
        expect(problems).toEqual([]);
      });
    }
  }
});

describe.skipIf(!hasChromium)('sign-up: both documents shown, the acceptance recorded', () => {
  it('asks for the box, names the versions in force, and records them: the new account owes nothing', async () => {
    const { page, problems } = await visitor('en', 'desktop');
    const email = `signup-${Date.now().toString(36)}@example.test`;
    const password = 'Orchard-Lantern-Velvet-58';
    await page.goto(`${server.url}/sign-up`);
    const box = page.getByRole('checkbox', { name: /I have read and accept the terms of use/ });
    // The versions in force: terms 2 (took effect 5 days ago), privacy 1 (version 2 is only announced).
    // "version" and its number are held together by a no-break space.
    await expect.poll(() => page.locator('.policy-acceptance label').textContent()).toMatch(/\(version\s2\)/);
    expect(await page.locator('.policy-acceptance label').textContent()).toMatch(
      /privacy policy \(version\s1\)/,
    );
    const links = page.locator('.policy-acceptance label a');
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      '/terms',
      '/privacy-policy',
    ]);

    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Name', { exact: true }).fill('Signup Tester');
    await page.getByLabel('Date of birth', { exact: true }).fill('1986-07-08');
    await page.getByLabel('Country', { exact: true }).selectOption('FR');
    await page.getByRole('button', { name: 'Create my account' }).click();
    const error = page.locator('.field-error[data-field="policies"]');
    await expect.poll(() => error.textContent()).toContain('Tick the box to accept');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'policies-sign-up-unticked');
    await page.setViewportSize(VIEWPORTS.phone);
    await screenshot(page, 'policies-sign-up-phone');
    await page.setViewportSize(VIEWPORTS.desktop);

    await box.check();
    expect(await error.count()).toBe(0);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.waitForURL('**/sign-up/check-mail');
    const mail = await server.smtp.waitFor(email, { subject: /confirm your email/i, timeoutMs: 15_000 });
    await page.goto(server.smtp.linkIn(mail));
    await page.getByText('Your email address is confirmed').waitFor();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Straight to the app: the sign-up recorded terms 2, so the gate (which reads records) lets it by.
    await page.waitForURL(`${server.url}/`);
    const accepted = (await (await page.request.get(`${server.url}/api/me/policies/acceptances`)).json())
      .acceptances as Array<{ document: string; version: string; method: string }>;
    expect(accepted.map(({ document, version, method }) => ({ document, version, method }))).toEqual([
      { document: 'privacy', version: '1', method: 'signup' },
      { document: 'terms', version: '2', method: 'signup' },
    ]);
    expect((await page.request.get(`${server.url}/api/me/goals`)).status()).toBe(200);
    expect(problems).toEqual([]);
  });
});
