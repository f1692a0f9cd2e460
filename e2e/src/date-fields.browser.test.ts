import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, signInAnyLanguage, signUpByApi } from './flows';
import { expectCleanPage, hasChromium, screenshot } from './harness';

// Issue #14: Chromium draws <input type="date"> in the BROWSER's language (mm/dd/yyyy in an English
// browser) whatever the app's language; date fields are in the app's (web/src/i18n/date-input.ts).
const suite = browserSuite();
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const PASSWORD = 'lanterne-ardoise-meridien-7';
const stamp = Date.now().toString(36);

/** An English (en-US) browser whose app language was chosen before signing in. */
async function openIn(language: 'fr' | 'en') {
  const opened = await suite.open();
  await opened.context.addInitScript((lng) => {
    localStorage.setItem('vitalbase.language', lng);
    localStorage.setItem('vitalbase.language.chosen', '1');
  }, language);
  return opened;
}

async function shots(page: Page, name: string) {
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
  await screenshot(page, `${name}-desktop`);
}

describe.skipIf(!hasChromium)("date fields in the app's language, in an English browser", () => {
  it('the sign-up birth date reads jj/mm/aaaa in French and mm/dd/yyyy in English', async () => {
    for (const [language, label, placeholder, typed] of [
      ['fr', 'Date de naissance', 'jj/mm/aaaa', '12/04/1990'],
      ['en', 'Date of birth', 'mm/dd/yyyy', '04/12/1990'],
    ] as const) {
      const { page, problems } = await openIn(language);
      await page.setViewportSize(DESKTOP);
      await page.goto(`${suite.server.url}/sign-up`);
      const field = page.getByLabel(label, { exact: true });
      await field.waitFor();
      expect(await field.getAttribute('placeholder')).toBe(placeholder);
      expect(await field.getAttribute('type')).toBe('text');
      await field.fill(typed);
      await field.blur();
      expect(await field.inputValue()).toBe(typed);
      // An ISO date (what a password manager may fill) is accepted and shown in the locale's form.
      await field.fill('1990-04-12');
      await field.blur();
      expect(await field.inputValue()).toBe(typed);
      await shots(page, `date-fields-sign-up-${language}`);
      await expectCleanPage(page, problems);
    }
  });

  it("the timeline's day and a chart's date show and take the French date", async () => {
    const email = `dates-${stamp}@example.test`;
    await signUpByApi(suite.server, { email, password: PASSWORD, locale: 'fr', timeZone: 'Europe/Paris' });
    const { page, problems } = await openIn('fr');
    await page.setViewportSize(DESKTOP);
    await signInAnyLanguage(suite.server, page, email, PASSWORD);

    await page.goto(`${suite.server.url}/timeline?day=2026-03-29`);
    const day = page.getByLabel('Aller à un jour');
    await day.waitFor();
    expect(await day.inputValue()).toBe('29/03/2026');
    expect(await day.getAttribute('placeholder')).toBe('jj/mm/aaaa');
    await day.fill('15/03/2026');
    await page.waitForURL(/day=2026-03-15/);
    await day.blur();
    expect(await day.inputValue()).toBe('15/03/2026');
    await shots(page, 'date-fields-timeline-fr');
    await expectCleanPage(page, problems);

    await page.goto(`${suite.server.url}/metrics/weight?range=week&date=2026-03-29`);
    const goTo = page.getByLabel('Aller à la date');
    await goTo.waitFor();
    expect(await goTo.inputValue()).toBe('29/03/2026');
    await goTo.fill('02/03/2026');
    await page.waitForURL(/date=2026-03-02/);
    await shots(page, 'date-fields-chart-fr');
    await expectCleanPage(page, problems);
  });
});
