import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPage, checkPageInFrench, clinicPerson, grantStaffRoleByCli, pageApi } from './clinic-flows';
import { browserSuite } from './flows';
import { hasChromium } from './harness';

/**
 * Support with the user's consent (issue #16, P11), as its two sides see it: the user opens a request
 * from the app's menu, the operator makes an agent (CLI, the server stopped for it), the agent sees the
 * request with the account's metadata and asks for weight, the user grants it, the agent reads the
 * weight, the user's access log shows the reads, and closing the request ends the agent's access.
 * Pages checked at desktop and phone, in English and French.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-e2e-support-'));
const suite = browserSuite({ VITALBASE_DATA_DIR: dataDir });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const tag = Date.now().toString(36);
const check = (page: Page, name: string) => checkPage(page, `support-${name}`);
const checkInFrench = (page: Page, name: string) => checkPageInFrench(page, `support-${name}`);

describe.skipIf(!hasChromium)('support', () => {
  it('a user opens a request, grants support weight, the agent reads it, closing ends the access', async () => {
    const server = suite.server;
    const emails = { user: `user-${tag}@example.test`, agent: `agent-${tag}@example.test` };
    const user = await clinicPerson(suite, 'Léa Martin', emails.user, false);
    const agent = await clinicPerson(suite, 'Sam Support', emails.agent, true);
    await grantStaffRoleByCli(suite, dataDir, emails.agent, 'support');
    await pageApi(user.page, 'POST', '/api/health-data/readings', {
      takenAt: new Date(Date.now() - 3600_000).toISOString(),
      measures: [{ metric: 'weight', value: 81.7, unit: 'kg' }],
    });

    // The user opens a request from the app's menu.
    await user.page.goto(`${server.url}/`);
    await user.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support' }).click();
    await user.page.getByRole('heading', { name: 'Support', level: 1 }).waitFor();
    await check(user.page, 'new');
    await checkInFrench(user.page, 'new');
    await user.page.getByLabel('Topic').selectOption('sync');
    await user.page.getByLabel('Your message').fill('My scale stopped syncing on Monday.');
    await user.page.getByRole('button', { name: 'Send to support' }).click();
    await user.page.getByRole('heading', { name: 'Support request: Syncing' }).waitFor();
    await user.page.getByText('Support has not asked for access.').waitFor();
    expect(await user.page.getByTestId('support-thread').textContent()).toContain('stopped syncing');

    // The agent finds it in the queue, sees the account's metadata (no health data), asks for weight.
    await agent.page.goto(`${server.url}/admin`);
    await agent.page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Support' })
      .click();
    await agent.page.getByTestId('support-queue').getByRole('link', { name: 'Syncing' }).first().click();
    await agent.page.getByTestId('support-account').getByText(emails.user).waitFor();
    expect(await agent.page.locator('main').textContent()).not.toContain('81.7');
    await check(agent.page, 'console-case');
    await checkInFrench(agent.page, 'console-case');
    const access = agent.page.getByRole('region', { name: 'Access asked by support' });
    await access.getByLabel('Weight', { exact: true }).check();
    await access
      .getByLabel('Reason (the user reads it)')
      .fill('To see whether the scale sends its weigh-ins.');
    await access.getByRole('button', { name: 'Ask the user' }).click();
    await access
      .getByTestId('support-console-grants')
      .getByText('waiting for the user’s answer', { exact: false })
      .waitFor();

    // The user sees the ask (and its mail), and grants it.
    const asked = await server.smtp.waitFor(emails.user, { subject: /asks to see/, timeoutMs: 15_000 });
    expect(asked.text).toContain('weight');
    await user.page.reload();
    const grant = user.page.getByTestId('support-grant');
    await grant.getByText('Support asks to see: Weight').waitFor();
    await check(user.page, 'ask');
    await checkInFrench(user.page, 'ask');
    await grant.getByRole('button', { name: 'Grant access' }).click();
    await expect.poll(() => grant.getAttribute('data-status')).toBe('active');

    // The agent reads the weight the user granted.
    await agent.page.reload();
    const granted = agent.page.getByRole('region', { name: 'Data the user granted' });
    await granted.getByLabel('Measurement').selectOption('weight');
    await expect.poll(() => granted.getByTestId('support-readings').textContent()).toContain('81.7');
    await check(agent.page, 'console-granted');

    // The user's access log shows support's reads, with the request.
    await user.page.goto(`${server.url}/privacy`);
    const log = user.page.getByRole('region', { name: 'Who accessed my data', exact: true });
    await expect.poll(() => log.textContent()).toContain('Vitalbase support — Sam Support');
    expect(await log.textContent()).toContain('readings:weight');
    await check(user.page, 'privacy');

    // Closing ends the access: the agent's next read is refused.
    await user.page.getByRole('link', { name: 'My support requests' }).click();
    await user.page.getByTestId('support-requests').getByRole('link', { name: 'Syncing' }).click();
    await user.page.getByRole('button', { name: 'Close this request' }).click();
    await user.page.getByTestId('support-state').getByText('Closed').waitFor();
    await expect.poll(() => grant.getAttribute('data-status')).toBe('ended');
    await agent.page.reload();
    await agent.page.getByRole('alert').waitFor();
    expect(await agent.page.locator('main').textContent()).not.toContain('81.7');

    for (const p of [user, agent]) expect(p.problems).toEqual([]);
  }, 240_000);
});
