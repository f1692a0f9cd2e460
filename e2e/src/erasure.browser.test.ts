import { describe, expect, it } from 'vitest';
import { hasChromium } from './harness';
import { browserSuite, signUpInBrowser, submitSignIn } from './flows';

const suite = browserSuite();

describe.skipIf(!hasChromium)('delete my account (P19)', () => {
  it('closes the account at once, refuses sign-in, and the mailed link cancels within 7 days', async () => {
    const { page, problems } = await suite.open();
    const email = `leaving-${Date.now()}@example.test`;
    const password = 'quiet-harbour-lantern-42';
    await signUpInBrowser(suite.server, page, { email, password, name: 'Leaving User' });
    await submitSignIn(suite.server, page, email, password);
    await page.waitForURL(`${suite.server.url}/`);

    await page.goto(`${suite.server.url}/privacy`);
    const section = page.getByRole('region', { name: 'Delete my account' });
    await section.getByLabel('Current password', { exact: true }).fill('not-my-password-at-all');
    await section.getByLabel('I understand that this cannot be undone after 7 days.').check();
    await section.getByRole('button', { name: 'Delete my account' }).click();
    // A wrong password closes nothing.
    await expect.poll(() => page.url()).toBe(`${suite.server.url}/privacy`);
    await section.getByRole('alert').first().waitFor();

    await section.getByLabel('Current password', { exact: true }).fill(password);
    await section.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL('**/account-closed');
    await page.getByText('Your account is closed').waitFor();

    // Signed out everywhere, and the account cannot sign in.
    await page.goto(`${suite.server.url}/privacy`);
    await page.waitForURL('**/sign-in**');
    await submitSignIn(suite.server, page, email, password);
    await page.getByRole('alert').first().waitFor();
    expect(page.url()).toContain('/sign-in');

    const mail = await suite.server.smtp.waitFor(email, { subject: /will be deleted/, timeoutMs: 15_000 });
    await page.goto(suite.server.smtp.linkIn(mail));
    await page.getByRole('button', { name: 'Cancel the deletion' }).click();
    await page.getByText('The deletion is cancelled').waitFor();

    await submitSignIn(suite.server, page, email, password);
    await page.waitForURL(`${suite.server.url}/`);
    expect(problems).toEqual([]);
  });
});
