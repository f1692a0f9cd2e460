import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPage, checkPageInFrench, clinicPerson, grantStaffRoleByCli, pageApi } from './clinic-flows';
import { browserSuite } from './flows';
import { expectCleanPage, hasChromium } from './harness';

/**
 * The operator's console (issue #16): an ordinary account is refused; the first operator admin (made
 * with `vitalbase staff grant`, the server stopped for it) looks an account up with a purpose, answers
 * a privacy request from the queue, reads the service page and grants then revokes a role; the user's
 * access log shows the reads. Every page at desktop and phone, in English and French.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-e2e-operator-'));
const suite = browserSuite({ VITALBASE_DATA_DIR: dataDir });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const tag = Date.now().toString(36);
const check = (page: Page, name: string) => checkPage(page, `admin-${name}`);
const checkInFrench = (page: Page, name: string) => checkPageInFrench(page, `admin-${name}`);

describe.skipIf(!hasChromium)('operator console', () => {
  it('walks the console as an operator admin; the user sees the reads in their access log', async () => {
    const server = suite.server;
    const emails = { user: `user-${tag}@example.test`, admin: `admin-${tag}@example.test` };
    const user = await clinicPerson(suite, 'Léa Martin', emails.user, false);
    const admin = await clinicPerson(suite, 'Alex Admin', emails.admin, true);

    // Not staff: the console says so (and nothing else).
    await user.page.goto(`${server.url}/admin`);
    await user.page.getByText('This needs a staff role you do not hold.').waitFor();
    await check(user.page, 'refused');

    await grantStaffRoleByCli(suite, dataDir, emails.admin, 'operator_admin');
    const filed = await pageApi<{ id: string }>(user.page, 'POST', '/api/me/privacy-requests', {
      kind: 'rectification',
      message: 'My birth year is wrong: 1985, not 1958.',
    });

    // The overview names the roles; the nav shows every area to an operator admin.
    const page = admin.page;
    await page.goto(`${server.url}/admin`);
    await page.getByRole('heading', { name: 'Operator console', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Console' });
    // The console or the server's refusal (shown in its place): say which.
    await nav.waitFor({ timeout: 15_000 }).catch(async () => {
      throw new Error(`no console: ${await page.locator('main').innerText()}`);
    });
    await page.getByText('Your staff roles: operator admin').waitFor();
    for (const area of ['Accounts', 'Privacy requests', 'Service', 'Staff', 'Policies', 'Partner apps']) {
      await nav.getByRole('link', { name: area }).waitFor();
    }
    await check(page, 'overview');
    await checkInFrench(page, 'overview');

    // Accounts: one account by its exact email, with a purpose.
    await nav.getByRole('link', { name: 'Accounts' }).click();
    await page.getByLabel('Email or account id').fill(emails.user);
    await page.getByLabel('Purpose').fill('rectification request');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByText('Léa Martin').waitFor();
    await check(page, 'users');
    await checkInFrench(page, 'users');

    // The privacy request queue: open the request, close it with an answer.
    await nav.getByRole('link', { name: 'Privacy requests' }).click();
    await page.getByRole('heading', { name: 'Privacy requests', level: 1 }).waitFor();
    await check(page, 'privacy-queue');
    await page.getByRole('button', { name: 'Open' }).first().click();
    await page.getByText('My birth year is wrong').waitFor();
    await check(page, 'privacy-request');
    await checkInFrench(page, 'privacy-queue');
    await page.getByRole('button', { name: 'Open' }).first().click();
    await page.getByText('My birth year is wrong').waitFor();
    await page.getByLabel('New status').selectOption('done');
    await page.getByLabel('Answer to the user (needed to close)').fill('Corrected to 1985.');
    await page.getByRole('button', { name: 'Save and tell the user' }).click();
    await page.getByText('No open request.').waitFor();

    // Service: counts only, and the job queues.
    await nav.getByRole('link', { name: 'Service' }).click();
    await page.getByRole('heading', { name: 'Job queues' }).waitFor();
    await check(page, 'service');
    await checkInFrench(page, 'service');

    // Staff: grant the user support, then revoke it.
    await nav.getByRole('link', { name: 'Staff' }).click();
    await page.getByLabel('Email of the account').fill(emails.user);
    await page.getByLabel('Role').selectOption('support');
    await page.getByRole('button', { name: 'Grant' }).click();
    const revoke = page.getByRole('button', { name: 'Revoke support from Léa Martin' });
    await revoke.waitFor();
    await check(page, 'staff');
    await checkInFrench(page, 'staff');
    await revoke.click();
    await revoke.waitFor({ state: 'detached' });

    // Policies: the versions in force (publishing is tested in the API tests: it would announce a version).
    await nav.getByRole('link', { name: 'Policies' }).click();
    await page.getByText('In force: version 1').first().waitFor();
    await check(page, 'policies');
    await checkInFrench(page, 'policies');

    // Partner apps: register one (its secret shown once), then remove it.
    await nav.getByRole('link', { name: 'Partner apps' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Coach App');
    await page.getByLabel('Redirect URIs (separated by spaces)').fill('https://coach.example.org/callback');
    await page.getByLabel('Scopes').fill('user.metrics');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByText('Its secret, shown this once:').waitFor();
    await check(page, 'partner-apps');
    await checkInFrench(page, 'partner-apps');
    const removeApp = page.getByRole('button', { name: 'Remove Coach App' });
    await removeApp.click();
    await removeApp.waitFor({ state: 'detached' });
    await expectCleanPage(page, admin.problems);

    // The user's "who accessed my data": the lookup and the request's reads, by the admin's name.
    const log = await pageApi<{ entries: Array<{ actor: { name: string }; purpose: string }> }>(
      user.page,
      'GET',
      '/api/me/access-log',
    );
    const purposes = log.entries.map((e) => e.purpose);
    expect(purposes).toContain('account administration: rectification request');
    expect(purposes).toContain('answering a privacy request (the operator console: done)');
    expect(log.entries[0]?.actor.name).toContain('Alex Admin');
    const answered = await pageApi<{ status: string }>(
      user.page,
      'GET',
      `/api/me/privacy-requests/${filed.id}`,
    );
    expect(answered.status).toBe('done');
  });
});
