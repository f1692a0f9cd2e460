import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createThrottle, UserHttp } from '../../cli/src/simulator/http';
import { type browserSuite, mailedToken, signInAnyLanguage, signUpByApi } from './flows';
import { axeViolations, type E2EServer, overflowsHorizontally, PHONE, screenshot } from './harness';

/** Steps the clinic browser tests share (issue #15): people with a second factor, the CLI, checks. */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLINIC_PASSWORD = 'Clinic-Tester-Passphrase-73';

/** A call of the API from the page, with its cookies and CSRF token, as the app makes it. */
export function pageApi<T = unknown>(
  page: Page,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  return page.evaluate(
    async ([m, p, b, h]) => {
      const { token } = (await (await fetch('/api/csrf')).json()) as { token: string };
      const res = await fetch(p as string, {
        method: m as string,
        headers: { 'content-type': 'application/json', 'x-csrf-token': token, ...(h as object) },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      if (!res.ok) throw new Error(`${m} ${p}: ${res.status}`);
      return res.status === 204 ? null : res.json();
    },
    [method, url, body, headers] as const,
  ) as Promise<T>;
}

/** The clinic's printed invitation (made by `admin`), accepted by `patient` sharing `categories`. */
export async function enrolByApi(
  admin: Page,
  patient: Page,
  clinicId: string,
  categories = ['blood_pressure'],
) {
  const { code } = await pageApi<{ code: string }>(
    admin,
    'POST',
    `/api/clinics/${clinicId}/patient-invitations`,
    {},
  );
  const withCode = { 'x-invitation-code': code };
  const view = await pageApi<{ termsVersion: number; wording: { version: number } }>(
    patient,
    'GET',
    '/api/clinic-invitations',
    undefined,
    withCode,
  );
  await pageApi(
    patient,
    'POST',
    '/api/clinic-invitations/patient/accept',
    { categories, termsVersion: view.termsVersion, wordingVersion: view.wording.version },
    withCode,
  );
}

/** A signed-in person, the cookie banner answered, with TOTP on when clinic pages need it. */
export async function clinicPerson(
  suite: ReturnType<typeof browserSuite>,
  name: string,
  email: string,
  withSecondFactor: boolean,
) {
  const opened = await suite.open();
  // The account by the API (the sign-up form has its own tests), signed in through the form.
  await signUpByApi(suite.server, { email, password: CLINIC_PASSWORD, name });
  await signInAnyLanguage(suite.server, opened.page, email, CLINIC_PASSWORD);
  const refuse = opened.page.getByRole('button', { name: 'Refuse all' });
  if (await refuse.isVisible()) await refuse.click();
  if (withSecondFactor) {
    const { secret } = await pageApi<{ secret: string }>(opened.page, 'POST', '/api/me/totp/enroll', {
      currentPassword: CLINIC_PASSWORD,
    });
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
    await pageApi(opened.page, 'POST', '/api/me/totp/confirm', { code: totp.generate() });
  }
  return opened;
}

/** A `vitalbase` command on the suite's data, the server stopped for it (the embedded database is one process). */
async function cliWhileHalted(suite: ReturnType<typeof browserSuite>, dataDir: string, args: string[]) {
  await suite.server.halt();
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['cli/src/index.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, VITALBASE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: 'pipe',
  });
  await suite.server.resume();
}

/**
 * A 12-year-old's account in France (digital consent at 15), approved by their parent from the mail:
 * answers the parent's guardian link (the "Manage your child's account" mail), where they accept a
 * clinic's programme for the child.
 */
export async function minorWithGuardianLink(
  server: E2EServer,
  child: { email: string; name: string },
  parentEmail: string,
): Promise<string> {
  const http = new UserHttp({ baseUrl: server.url, throttle: createThrottle(0) });
  const version = async (document: string) =>
    (await http.call<{ version: string }>('GET', `/api/policies/${document}`)).version;
  await http.call('POST', '/api/auth/signup', {
    email: child.email,
    password: CLINIC_PASSWORD,
    displayName: child.name,
    birthDate: `${new Date().getUTCFullYear() - 12}-03-01`,
    country: 'FR',
    parentEmail,
    policies: { privacy: await version('privacy'), terms: await version('terms') },
  });
  await http.call('POST', '/api/auth/verify-email', { token: await mailedToken(server, child.email) });
  const ask = await server.smtp.waitFor(parentEmail, { subject: /consent is needed/, timeoutMs: 20_000 });
  const approve = new URL(server.smtp.linkIn(ask)).searchParams.get('token');
  const parent = new UserHttp({ baseUrl: server.url, throttle: createThrottle(0) });
  await parent.call('POST', `/api/parental-consent/${approve}`, { decision: 'grant', parentName: 'Parent' });
  const manage = await server.smtp.waitFor(parentEmail, { subject: /Manage your child/, timeoutMs: 20_000 });
  return server.smtp.linkIn(manage);
}

/** `vitalbase clinic create`. */
export function createClinicByCli(
  suite: ReturnType<typeof browserSuite>,
  dataDir: string,
  name: string,
  adminEmail: string,
) {
  return cliWhileHalted(suite, dataDir, ['clinic', 'create', '--name', name, '--admin', adminEmail]);
}

/** `vitalbase staff grant`: the operator's staff role (issue #16) for an account. */
export function grantStaffRoleByCli(
  suite: ReturnType<typeof browserSuite>,
  dataDir: string,
  email: string,
  role: string,
) {
  return cliWhileHalted(suite, dataDir, ['staff', 'grant', '--email', email, '--role', role]);
}

async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.loading, [aria-busy="true"]')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => {});
}

/** Desktop then phone: a screenshot each, fits the screen, axe-core clean. */
export async function checkPage(page: Page, name: string) {
  const desktop = page.viewportSize();
  for (const [device, size] of [
    ['desktop', { width: 1366, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size ?? PHONE);
    await settled(page);
    await screenshot(page, `${name}-${device}`);
    expect(await overflowsHorizontally(page), `${name} on ${device} is wider than the screen`).toBe(false);
    expect(await axeViolations(page), `accessibility of ${name} on ${device}`).toEqual([]);
  }
  if (desktop) await page.setViewportSize(desktop);
}

/** The same page in French (the account's language), checked, then back to English. */
export async function checkPageInFrench(page: Page, name: string) {
  await pageApi(page, 'PATCH', '/api/me', { locale: 'fr' });
  await page.reload();
  await page.locator('main h1').first().waitFor();
  await settled(page);
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
  await checkPage(page, `${name}-fr`);
  await pageApi(page, 'PATCH', '/api/me', { locale: 'en' });
  await page.reload();
  await page.locator('main h1').first().waitFor();
}
