import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, hasChromium } from './harness';
import { browserSuite, signUpAndSignIn } from './flows';

const suite = browserSuite();

const ESSENTIAL = ['vb_session', 'vb_csrf', 'vb_cookie_choice'];

const banner = (page: Page) => page.getByRole('region', { name: 'Cookies' });

function signUpAndIn(page: Page, email: string, password: string) {
  return signUpAndSignIn(suite.server, page, {
    email,
    password,
    name: 'Privacy Tester',
    birthDate: '1990-04-12',
  });
}

describe.skipIf(!hasChromium)('cookie banner', () => {
  it('sets nothing but essential cookies before a choice, and keeps "refuse all" across reloads', async () => {
    const { context, page, problems } = await suite.open();
    await page.goto(`${suite.server.url}/sign-in`);
    await page.waitForLoadState('networkidle');
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    const before = await context.cookies();
    expect(before.filter((c) => !ESSENTIAL.includes(c.name)).map((c) => c.name)).toEqual([]);
    expect(before.map((c) => c.name)).not.toContain('vb_cookie_choice');
    expect(await axeViolations(page)).toEqual([]);

    await banner(page).getByRole('button', { name: 'Refuse all' }).click();
    await expect.poll(() => banner(page).isVisible()).toBe(false);
    expect((await context.cookies()).find((c) => c.name === 'vb_cookie_choice')?.value).toBe('v1.a0s0m0');
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(await banner(page).isVisible()).toBe(false);
    expect((await context.cookies()).filter((c) => !ESSENTIAL.includes(c.name))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('keeps "accept selected" across reloads and can be changed from the footer link', async () => {
    const { context, page } = await suite.open();
    await page.goto(`${suite.server.url}/sign-in`);
    await banner(page).getByLabel('Analytical').check();
    await banner(page).getByRole('button', { name: 'Accept selected' }).click();
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(await banner(page).isVisible()).toBe(false);
    expect((await context.cookies()).find((c) => c.name === 'vb_cookie_choice')?.value).toBe('v1.a1s0m0');

    await page.getByRole('contentinfo').getByRole('button', { name: 'Cookies' }).click();
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    expect(await banner(page).getByLabel('Analytical').isChecked()).toBe(true);
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await page.reload();
    expect((await context.cookies()).find((c) => c.name === 'vb_cookie_choice')?.value).toBe('v1.a1s1m1');
  });
});

describe.skipIf(!hasChromium)('privacy page', () => {
  it('gives and withdraws a consent, shows it in the history, and shows the data region', async () => {
    const { page, problems } = await suite.open();
    const email = `privacy-${Date.now().toString(36)}@example.test`;
    await page.goto(`${suite.server.url}/sign-in`);
    await banner(page).getByRole('button', { name: 'Refuse all' }).click();
    await signUpAndIn(page, email, 'Privacy-Tester-Passphrase-91');
    await page.getByRole('link', { name: 'Privacy', exact: true }).click();
    await page.waitForURL(`${suite.server.url}/privacy`);
    const consent = page.getByRole('checkbox', { name: 'News and offers by email' });
    await expect.poll(() => consent.isVisible()).toBe(true);
    await page.waitForLoadState('networkidle');
    expect(await consent.isChecked()).toBe(false);

    // The tick is optimistic but lands a tick after the click (the mutation first cancels a read in
    // flight), so click and wait for it rather than `check()`, which wants it synchronously.
    await consent.click();
    await expect.poll(() => consent.isChecked()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Withdraw' }).count()).toBe(1);
    await page.reload();
    await expect
      .poll(() => page.getByRole('checkbox', { name: 'News and offers by email' }).isChecked())
      .toBe(true);

    await page.getByRole('button', { name: 'Withdraw' }).click();
    await expect
      .poll(() => page.getByRole('checkbox', { name: 'News and offers by email' }).isChecked())
      .toBe(false);
    const history = page.getByRole('region', { name: 'Consent history' });
    await expect.poll(() => history.getByRole('row').count()).toBe(3); // header + given + withdrawn
    expect(await history.textContent()).toContain('Withdrawn');
    expect(await page.getByTestId('data-region').textContent()).toBe('France (EU)');

    // Research is given through its short form: both acknowledgements are required.
    await page.getByRole('checkbox', { name: 'Health research' }).check();
    const form = page.getByRole('form', { name: 'Research consent form' });
    await form.getByRole('checkbox', { name: /pseudonymised copies/ }).check();
    await form.getByRole('checkbox', { name: /withdraw at any time/ }).check();
    await form.getByRole('button', { name: 'Give research consent' }).click();
    await expect.poll(() => form.count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByRole('checkbox', { name: 'Health research' }).isChecked()).toBe(true);
    await expect.poll(() => history.getByRole('row').count()).toBe(4);
    await page.waitForLoadState('networkidle');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('offers the marketing notifications on the account page, and says security alerts always go out', async () => {
    const { page, problems } = await suite.open();
    const email = `notify-${Date.now().toString(36)}@example.test`;
    await page.goto(`${suite.server.url}/sign-in`);
    await banner(page).getByRole('button', { name: 'Refuse all' }).click();
    await signUpAndIn(page, email, 'Notify-Tester-Passphrase-27');
    await page.getByRole('link', { name: 'Account' }).click();
    const section = page.getByRole('region', { name: 'Notifications' });
    await expect.poll(() => section.getByRole('checkbox').count()).toBe(2);
    expect(await section.textContent()).toContain('Security alerts');
    const marketing = section.getByRole('checkbox', { name: 'News and offers by email' });
    await marketing.click();
    await expect.poll(() => marketing.isChecked()).toBe(true);
    await page.getByRole('link', { name: 'Privacy', exact: true }).click();
    await expect
      .poll(() => page.getByRole('checkbox', { name: 'News and offers by email' }).isChecked())
      .toBe(true);
    expect(problems).toEqual([]);
  });
});
