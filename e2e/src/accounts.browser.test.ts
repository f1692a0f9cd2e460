import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickPolicies } from './flows';
import {
  axeViolations,
  DESKTOP,
  type E2EServer,
  hasChromium,
  launchBrowser,
  newContext,
  overflowsHorizontally,
  PHONE,
  screenshot,
  startServer,
  trackProblems,
} from './harness';

let server: E2EServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let counter = 0;

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

/** A page in a fresh browser context, whose problems (console errors, 5xx) are collected. */
async function openBrowser(locale = 'en-US') {
  const context = await newContext(browser, { locale });
  contexts.push(context);
  const page = await context.newPage();
  const problems = trackProblems(page);
  const pages: string[] = [];
  /** Every page visited is checked: no serious accessibility problem, nothing in the console. */
  const check = async (name?: string) => {
    await page.waitForLoadState('networkidle');
    pages.push(new URL(page.url()).pathname);
    expect(await axeViolations(page), `accessibility of ${page.url()}`).toEqual([]);
    expect(problems, `problems reported by ${page.url()}`).toEqual([]);
    if (name) await screenshot(page, name);
  };
  /** The page also works on a phone: nothing wider than the screen, still accessible. */
  const checkPhone = async (name: string) => {
    await page.setViewportSize(PHONE);
    expect(await overflowsHorizontally(page), `${page.url()} is wider than a phone`).toBe(false);
    await check(`${name}-phone`);
    await page.setViewportSize(DESKTOP);
  };
  return { context, page, problems, check, checkPhone, pages };
}

function uniqueEmail(tag: string) {
  counter += 1;
  return `${tag}-${Date.now().toString(36)}-${counter}@example.test`;
}

async function signUp(page: Page, user: { email: string; password: string; name: string }, labels = EN) {
  await page.goto(`${server.url}/sign-up`);
  await page.getByLabel(labels.email, { exact: true }).fill(user.email);
  await page.getByLabel(labels.newPassword, { exact: true }).fill(user.password);
  await page.getByLabel(labels.name, { exact: true }).fill(user.name);
  await page.getByLabel(labels.birthDate, { exact: true }).fill('1990-04-12');
  await page.getByLabel(labels.country, { exact: true }).selectOption('FR');
  await tickPolicies(page); // the terms and privacy policy in force
}

const EN = {
  email: 'Email',
  newPassword: 'New password',
  password: 'Password',
  name: 'Name',
  birthDate: 'Date of birth',
  country: 'Country',
};
const FR = {
  email: 'E-mail',
  newPassword: 'Nouveau mot de passe',
  password: 'Mot de passe',
  name: 'Nom',
  birthDate: 'Date de naissance',
  country: 'Pays',
};

async function signIn(page: Page, email: string, password: string, labels = EN, submit = 'Sign in') {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel(labels.email, { exact: true }).fill(email);
  await page.getByLabel(labels.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: submit }).click();
}

describe.skipIf(!hasChromium)('accounts in the browser', () => {
  it('signs up, confirms by mail, signs in, turns on TOTP, signs in with it and ends another session', async () => {
    const b = await openBrowser();
    const { page, check, checkPhone } = b;
    const user = { email: uniqueEmail('ada'), password: 'violet-harbour-quantum-7', name: 'Ada Lovelace' };

    // Sign-up, with the live strength meter.
    await signUp(page, user);
    await expect.poll(() => page.getByTestId('password-strength').textContent()).toContain('accepted');
    await check('sign-up');
    await checkPhone('sign-up');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.waitForURL('**/sign-up/check-mail');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
    await check('check-mail');

    // The link in the mail confirms the address and does not stay in the address bar.
    const mail = await server.smtp.waitFor(user.email, { subject: /confirm your email/i, timeoutMs: 15_000 });
    const link = server.smtp.linkIn(mail);
    expect(link.startsWith(`${server.url}/verify-email?token=`)).toBe(true);
    await page.goto(link);
    await page.getByText('Your email address is confirmed').waitFor();
    expect(page.url()).toBe(`${server.url}/verify-email`);
    await check('verify-email');

    // Sign in: the app recommends a second factor until one is on.
    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await page.waitForURL('**/sign-in');
    await check('sign-in');
    await signIn(page, user.email, user.password);
    await page.getByRole('heading', { name: 'Welcome, Ada Lovelace' }).waitFor();
    // The nudge comes with the account's preferences, just after the page: waited for, not sampled.
    await page.getByText('Protect your account: turn on a second factor.').waitFor();
    await check('home');
    await checkPhone('home');

    await page.getByRole('navigation').getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
    await check('account');

    // Turn on TOTP: the code comes from the secret the page shows, as an authenticator app would do.
    await page.getByRole('navigation').getByRole('link', { name: 'Security' }).click();
    await page.getByRole('heading', { name: 'Security', level: 1 }).waitFor();
    await check('security');
    const totpSection = page.locator('#second-factor');
    await totpSection.getByLabel('Current password').fill(user.password);
    await totpSection.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(
      await page.getByRole('img', { name: 'QR code to scan with your authenticator app' }).isVisible(),
    ).toBe(true);
    await check('totp-enrol');
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
    await totpSection.getByLabel('Code from the app').fill(totp.generate());
    await totpSection.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByTestId('recovery-codes').locator('code');
    await codes.first().waitFor();
    const recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    await check('recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => totpSection.getByText('On', { exact: true }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Protect your account: turn on a second factor.').count()).toBe(0);
    await checkPhone('security');

    // Sign out, then sign in again: the password alone no longer opens the account.
    await page.getByRole('button', { name: 'Sign out', exact: true }).first().click();
    await page.waitForURL('**/sign-in');
    await page.goto(`${server.url}/security`);
    await page.waitForURL('**/sign-in');
    await signIn(page, user.email, user.password);
    await page.getByRole('heading', { name: 'Second step' }).waitFor();
    await check('second-factor');
    // The code used to turn TOTP on cannot be used again: take the next time step's code.
    await page
      .getByLabel('Code from your authenticator app')
      .fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: 'Continue' }).click();
    // Back to the page that sent the visitor to sign in (Security, opened signed out above).
    await page.waitForURL('**/security');
    await page.getByRole('heading', { name: 'Security', level: 1 }).waitFor();
    await check();

    // A second browser signs in too, with a recovery code.
    const other = await openBrowser();
    await signIn(other.page, user.email, user.password);
    await other.page.getByRole('heading', { name: 'Second step' }).waitFor();
    await other.page.getByLabel('A recovery code').check();
    await other.page.getByLabel('Recovery code', { exact: true }).fill(recoveryCodes[0] ?? '');
    await other.page.getByRole('button', { name: 'Continue' }).click();
    await other.page.getByRole('heading', { name: 'Welcome, Ada Lovelace' }).waitFor();
    await other.check();

    // The first browser sees both sessions and ends the other one.
    await page.goto(`${server.url}/security`);
    const sessions = page.getByTestId('session');
    await expect.poll(() => sessions.count()).toBe(2);
    const otherSession = sessions.filter({ hasNotText: 'This browser' });
    await expect.poll(() => otherSession.count()).toBe(1);
    await otherSession.getByRole('button').click();
    await expect.poll(() => sessions.count()).toBe(1);
    expect(await sessions.first().textContent()).toContain('This browser');
    await check('sessions');

    // The other browser is signed out: the next page it opens asks it to sign in.
    await other.page.goto(`${server.url}/account`);
    await other.page.waitForURL('**/sign-in');
    await other.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await other.check();

    // A personal access token is shown once, listed by name, and can be revoked.
    await page.getByLabel('Name', { exact: true }).fill('backup script');
    await page.getByLabel('Read your health data').check();
    await page.getByRole('button', { name: 'Create the token' }).click();
    const token = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
    expect(token).toMatch(/^vbp_/);
    const tokenRow = page.getByRole('listitem').filter({ hasText: 'backup script' });
    await tokenRow.waitFor();
    expect(await tokenRow.textContent()).toContain('health:read');
    expect(await tokenRow.textContent()).not.toContain(token);
    await check('tokens');
    await tokenRow.getByRole('button', { name: /Revoke/ }).click();
    await expect.poll(() => tokenRow.count()).toBe(0);

    // The security events list what happened.
    await page.reload();
    await page.getByRole('cell', { name: 'Authenticator app turned on' }).waitFor();
    await check('security-events');
  });

  it('shows field errors next to the fields for bad sign-up input, and stores nothing', async () => {
    const { page, check } = await openBrowser();
    await page.goto(`${server.url}/sign-up`);
    await page.getByRole('button', { name: 'Create my account' }).click();
    const fieldError = (name: string) => page.locator(`.field-error[data-field="${name}"]`);
    await fieldError('email').waitFor();
    expect(await fieldError('email').textContent()).toContain('Enter an email address');
    expect(await fieldError('password').textContent()).toContain('at least 10 characters');
    expect(await fieldError('displayName').textContent()).toContain('Enter your name');
    expect(await fieldError('birthDate').textContent()).toContain('date of birth');
    expect(await page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').first().textContent()).toContain('Please correct the fields');
    await check('sign-up-errors');

    // A common password passes the length check here but the server refuses it, next to the field.
    const email = uniqueEmail('bad');
    await signUp(page, { email, password: 'password1234', name: 'Bad Input' });
    await page.getByRole('button', { name: 'Create my account' }).click();
    await expect.poll(() => fieldError('password').textContent()).toMatch(/common password|easy to guess/);
    expect(page.url()).toBe(`${server.url}/sign-up`);

    // A minor in France must give a parent's email: the field appears, and is required.
    await page.getByLabel('New password', { exact: true }).fill('violet-harbour-quantum-7');
    const twelveYearsAgo = `${new Date().getFullYear() - 12}-01-15`;
    await page.getByLabel('Date of birth', { exact: true }).fill(twelveYearsAgo);
    await page.getByLabel('Email of a parent').waitFor();
    await page.getByRole('button', { name: 'Create my account' }).click();
    await fieldError('parentEmail').waitFor();
    await check();

    // Nothing was stored: no mail went to that address.
    await new Promise((r) => setTimeout(r, 500));
    expect(server.smtp.messages.filter((m) => m.to.includes(email))).toEqual([]);
  });

  it("lets a minor sign up with a parent's email, and the parent consent from the mailed link", async () => {
    const child = await openBrowser();
    const user = { email: uniqueEmail('kid'), password: 'lantern-meadow-copper-42', name: 'Young Ada' };
    const parentEmail = uniqueEmail('parent');
    await signUp(child.page, user);
    await child.page
      .getByLabel('Date of birth', { exact: true })
      .fill(`${new Date().getFullYear() - 12}-03-01`);
    await child.page.getByLabel('Email of a parent').fill(parentEmail);
    await child.page.getByRole('button', { name: 'Create my account' }).click();
    await child.page.waitForURL('**/sign-up/check-mail');

    const parent = await openBrowser();
    const mail = await server.smtp.waitFor(parentEmail, { subject: /consent/i, timeoutMs: 15_000 });
    const link = server.smtp.linkIn(mail);
    expect(link.startsWith(`${server.url}/parental-consent?token=`)).toBe(true);
    await parent.page.goto(link);
    await parent.page.getByText('Young Ada, born on').waitFor();
    expect(parent.page.url()).toBe(`${server.url}/parental-consent`);
    await parent.check('parental-consent');
    await parent.page.getByLabel('Your name').fill('Parent Lovelace');
    await parent.page.getByRole('button', { name: 'I consent' }).click();
    await parent.page.getByText('The account is now active.').waitFor();
    await parent.check();

    // The link works once.
    await parent.page.goto(link);
    await parent.page.getByRole('alert').waitFor();
    expect(await parent.page.getByRole('alert').textContent()).toMatch(
      /expired or was already used|not found/i,
    );
  });

  it('speaks French to a French browser, from sign-up to the signed-in pages', async () => {
    const { page, check } = await openBrowser('fr-FR');
    const user = { email: uniqueEmail('marie'), password: 'tilleul-ardoise-boussole-9', name: 'Marie Curie' };
    await page.goto(`${server.url}/sign-up`);
    await page.getByRole('heading', { name: 'Créer un compte' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    expect(await page.locator('.field-error[data-field="email"]').textContent()).toContain(
      'Saisissez une adresse e-mail',
    );
    await check('fr-sign-up');

    await signUp(page, user, FR);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('heading', { name: 'Consultez vos e-mails' }).waitFor();
    const mail = await server.smtp.waitFor(user.email, { timeoutMs: 15_000 });
    await page.goto(server.smtp.linkIn(mail));
    await page.getByText('Votre adresse e-mail est confirmée').waitFor();
    await signIn(page, user.email, user.password, FR, 'Se connecter');
    await page.getByRole('heading', { name: 'Bienvenue, Marie Curie' }).waitFor();
    await check('fr-home');
    await page.getByRole('navigation').getByRole('link', { name: 'Sécurité' }).click();
    await page.getByRole('heading', { name: 'Où vous êtes connecté' }).waitFor();
    // Dates in French: "… nov. 2026 …" style, never the English month names.
    const details = (await page.getByTestId('session').first().textContent()) ?? '';
    expect(details).toContain('vu pour la dernière fois');
    expect(details).not.toMatch(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/);
    await check('fr-security');
  });
});
