import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, checkPageInFrench, clinicPerson, grantStaffRoleByCli, pageApi } from './clinic-flows';
import { browserSuite } from './flows';
import { expectCleanPage, hasChromium } from './harness';

/**
 * The operator's side, continued (issue #16): the console link in the menu for staff only, firmware
 * versions published and marked required, a partner app disabled with a reason (the user's privacy
 * center says so; a consent page left open and a new authorization say it too, in the user's language)
 * and enabled again. Every page at desktop and phone, in English and French.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-e2e-operator-fw-'));
const suite = browserSuite({ VITALBASE_DATA_DIR: dataDir });
let partner: Server;
let redirectUri = '';
beforeAll(async () => {
  // The partner's own site: where the user's browser lands after consenting.
  partner = createServer((_req, res) => res.end('<!doctype html><title>Coach</title><p>Connected</p>'));
  await new Promise<void>((done) => partner.listen(0, '127.0.0.1', done));
  redirectUri = `http://127.0.0.1:${(partner.address() as AddressInfo).port}/oauth/callback`;
});
afterAll(() => {
  partner?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const tag = Date.now().toString(36);
const check = (page: Page, name: string) => checkPage(page, `operator-${name}`);
const checkInFrench = (page: Page, name: string) => checkPageInFrench(page, `operator-${name}`);
const b64url = (b: Buffer) => b.toString('base64url');

describe.skipIf(!hasChromium)('operator console: firmware, disabled apps, the menu link', () => {
  it('shows the link to staff only, publishes firmware, disables and enables a partner app', async () => {
    const server = suite.server;
    const emails = { user: `fw-user-${tag}@example.test`, admin: `fw-admin-${tag}@example.test` };
    const user = await clinicPerson(suite, 'Léa Martin', emails.user, false);
    const admin = await clinicPerson(suite, 'Alex Admin', emails.admin, true);
    await grantStaffRoleByCli(suite, dataDir, emails.admin, 'operator_admin');

    // The menu: "Console" for the operator admin, nothing for the user.
    const page = admin.page;
    await page.goto(`${server.url}/`);
    const mainNav = page.getByRole('navigation', { name: 'Main' });
    await mainNav.getByRole('link', { name: 'Console' }).waitFor();
    await user.page.goto(`${server.url}/`);
    await user.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).waitFor();
    expect(await user.page.getByRole('link', { name: 'Console' }).count()).toBe(0);

    // Firmware: publish a version with its file, then mark it required.
    await mainNav.getByRole('link', { name: 'Console' }).click();
    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link', { name: 'Firmware' }).click();
    await page.getByRole('heading', { name: 'Firmware', level: 1 }).waitFor();
    await page.getByLabel('Device model').selectOption('vb-thermo');
    await page.getByLabel('Version', { exact: true }).fill('1.1.0');
    await page.getByLabel('Release notes').fill('Faster start-up.');
    await page.getByLabel('File URL').fill('https://firmware.example.org/vb-thermo/1.1.0.bin');
    await page.getByLabel('SHA-256 of the file').fill(createHash('sha256').update('image').digest('hex'));
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published: vb-thermo 1.1.0.').waitFor();
    const markRequired = page.getByRole('button', { name: 'Mark required (Vitalbase Thermometer 1.1.0)' });
    await markRequired.click();
    await markRequired.waitFor({ state: 'detached' });
    await check(page, 'firmware');
    await checkInFrench(page, 'firmware');

    // A partner app the user connects to (consent in the browser).
    const app = await pageApi<{ clientId: string }>(page, 'POST', '/api/admin/partner-apps', {
      name: 'Coach App',
      redirectUris: [redirectUri],
      scopes: ['user.metrics'],
    });
    const authorizationUrl = () => {
      const auth = new URL(`${server.url}/oauth/auth`);
      auth.search = new URLSearchParams({
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: redirectUri,
        scope: 'user.metrics',
        state: b64url(randomBytes(12)),
        code_challenge: b64url(
          createHash('sha256')
            .update(b64url(randomBytes(32)))
            .digest(),
        ),
        code_challenge_method: 'S256',
      }).toString();
      return auth.href;
    };
    await user.page.goto(authorizationUrl());
    await user.page.waitForURL(/\/oauth\/consent\//);
    await user.page.getByRole('button', { name: 'Allow' }).click();
    await user.page.waitForURL((url) => url.href.startsWith(redirectUri));
    // A second request left open on the consent page while the operator disables the app.
    await user.page.goto(authorizationUrl());
    await user.page.waitForURL(/\/oauth\/consent\//);
    await user.page.getByRole('button', { name: 'Allow' }).waitFor();

    // Disable it with a reason; the console marks it.
    await page.goto(`${server.url}/admin/partner-apps`);
    await page.getByRole('button', { name: 'Disable Coach App' }).click();
    await page.getByLabel('Why (its users see this in their privacy center)').fill('Security review');
    await page.getByRole('button', { name: 'Disable the app' }).click();
    const enable = page.getByRole('button', { name: 'Enable again (Coach App)' });
    await enable.waitFor();
    await check(page, 'partner-app-disabled');
    await checkInFrench(page, 'partner-app-disabled');

    // The open consent page says the app is disabled, and allows nothing; in French too (the consent
    // page speaks the language of its switcher, as every page outside the app's shell).
    await user.page.reload();
    const alert = user.page.getByRole('alert');
    await alert.getByText('This app has been disabled by the operator').waitFor();
    expect(await user.page.getByRole('button', { name: 'Allow' }).count()).toBe(0);
    await check(user.page, 'consent-app-disabled');
    const language = user.page.getByRole('combobox', { name: /^(Language|Langue)$/ });
    await language.selectOption('fr');
    await alert.getByText('Cette application a été désactivée par l’opérateur').waitFor();
    await check(user.page, 'consent-app-disabled-fr');
    await language.selectOption('en');
    // A new authorization: the authorization server's page, in the browser's language.
    await user.page.goto(authorizationUrl());
    await user.page.getByText('This app has been disabled by the operator of this service.').waitFor();
    await check(user.page, 'authorize-app-disabled');
    const french = await suite.open({ locale: 'fr-FR' });
    await french.page.goto(authorizationUrl());
    await french.page
      .getByText('Cette application a été désactivée par l’opérateur de ce service.')
      .waitFor();
    expect(await french.page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await check(french.page, 'authorize-app-disabled-fr');

    // The user's privacy center: the app is kept, marked disabled by the operator.
    await user.page.goto(`${server.url}/privacy`);
    const connected = user.page.locator(`[data-client-id="${app.clientId}"]`);
    await connected.getByText('Disabled by the operator of this service').waitFor();
    await connected.scrollIntoViewIfNeeded();
    await check(user.page, 'privacy-app-disabled');
    await checkInFrench(user.page, 'privacy-app-disabled');

    // Enabled again: the mark is gone.
    await enable.click();
    await page.getByRole('button', { name: 'Disable Coach App' }).waitFor();
    await user.page.reload();
    await connected.getByRole('heading', { name: 'Coach App' }).waitFor();
    expect(await connected.getByText('Disabled by the operator of this service').count()).toBe(0);
    await expectCleanPage(page, admin.problems);
    await expectCleanPage(user.page, user.problems);
  });
});
