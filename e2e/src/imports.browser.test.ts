import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  APPLE_EXPORT_HEAD,
  APPLE_EXPORT_TAIL,
  appleRecord,
} from '../../server/src/features/imports/apple-health.test-support';
import { zipOf } from '../../server/src/features/imports/imports.test-support';
import { browserSuite, signInAnyLanguage, signUpAndSignIn, signUpByApi } from './flows';
import { expectCleanPage, hasChromium, overflowsHorizontally, PHONE, screenshot } from './harness';

// Issue #18: a Withings data archive uploaded from the privacy center fills the charts.
const suite = browserSuite();
const PASSWORD = 'Import-Tester-Passphrase-52';

/** A small Withings archive of the last days (local times, as Health Mate writes weight.csv). */
function archive(): Promise<Buffer> {
  const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
  const weights = [3, 2, 1].map(
    (ago, i) => `"${day(ago)} 07:1${i}:00","${(72.4 - i * 0.3).toFixed(1)}","14.1",""`,
  );
  const hour = new Date(Date.now() - 86_400_000).toISOString().slice(0, 13);
  return zipOf({
    'weight.csv': ['Date,Weight (kg),Fat mass (kg),Comments', ...weights].join('\n'),
    'raw_tracker_steps.csv': ['start,duration,value', `${hour}:00:00+00:00,"[60,60,60]","[110,95,120]"`].join(
      '\n',
    ),
    'aggregates_steps.csv': `date,value\n${day(1)},325`,
  });
}

/** An Apple Health export.zip of the last days: three weigh-ins in pounds, as an iPhone in the US writes them. */
function appleExport(): Promise<Buffer> {
  const at = (ago: number) => {
    const d = new Date(Date.now() - ago * 86_400_000);
    return `${d.toISOString().slice(0, 10)} 07:15:00 +0000`;
  };
  const records = [3, 2, 1].map((ago, i) =>
    appleRecord('HKQuantityTypeIdentifierBodyMass', {
      value: 160 - i,
      unit: 'lb',
      start: at(ago),
      source: 'phone',
    }),
  );
  return zipOf({
    'apple_health_export/export.xml': [APPLE_EXPORT_HEAD, ...records, APPLE_EXPORT_TAIL].join(''),
  });
}

async function importPage(page: Page) {
  await page.goto(`${suite.server.url}/privacy/import`);
  await page.locator('main h1').waitFor();
}

describe.skipIf(!hasChromium)('Bring your data', () => {
  it('uploads a Withings archive, follows the import, reads the report, sees the charts fill, undoes it', async () => {
    const { page, problems } = await suite.open();
    const email = `import-${Date.now().toString(36)}@example.test`;
    await page.goto(`${suite.server.url}/sign-in`);
    await page.getByRole('region', { name: 'Cookies' }).getByRole('button', { name: 'Refuse all' }).click();
    await signUpAndSignIn(suite.server, page, { email, password: PASSWORD, name: 'Import Tester' });

    await page.getByRole('link', { name: 'Privacy', exact: true }).click();
    await page.getByRole('link', { name: 'Import my data' }).click();
    await page.waitForURL(`${suite.server.url}/privacy/import`);
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'withings.zip', mimeType: 'application/zip', buffer: await archive() });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const item = page.getByTestId('import-item').first();
    await expect
      .poll(() => item.getByTestId('import-state').textContent(), { timeout: 60_000 })
      .toBe('imported');
    expect(await item.textContent()).toContain('4 items imported');
    expect(await item.textContent()).toContain('0 already here, skipped');
    await item.getByText('Not imported').click();
    expect(await item.textContent()).toContain('aggregates_steps.csv');
    await expectCleanPage(page, problems);
    await screenshot(page, 'imports-desktop-en');
    await page.setViewportSize(PHONE);
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, 'imports-phone-en');

    // The charts fill: three weigh-ins on the weight chart, the steps on the steps chart.
    await page.goto(`${suite.server.url}/metrics/weight`);
    const weight = page.locator('[data-testid="chart"][data-metric="weight"]').first();
    await expect.poll(() => weight.getAttribute('data-points'), { timeout: 15_000 }).toBe('3');
    await page.goto(`${suite.server.url}/metrics/steps`);
    const steps = page.locator('[data-testid="chart"][data-metric="steps"]').first();
    await expect
      .poll(async () => Number(await steps.getAttribute('data-points')), { timeout: 15_000 })
      .toBeGreaterThan(0);

    // Undo: the import goes, and the weight chart is empty again.
    await importPage(page);
    await item.getByRole('button', { name: 'Undo this import' }).click();
    await page.getByRole('alert').getByRole('button', { name: 'Undo this import' }).click();
    await expect.poll(() => item.getByTestId('import-state').textContent()).toBe('undone');
    await page.goto(`${suite.server.url}/metrics/weight`);
    await expect
      .poll(async () => page.locator('[data-testid="chart"][data-metric="weight"]').count())
      .toBe(0);
    await page.setViewportSize({ width: 1366, height: 900 });

    // The same page in French (the language this browser chose), with the undone import's report.
    await page.evaluate(() => {
      localStorage.setItem('vitalbase.language', 'fr');
      localStorage.setItem('vitalbase.language.chosen', '1');
    });
    await importPage(page);
    await page.getByLabel('Type de fichier').waitFor();
    await expect.poll(() => item.getByTestId('import-state').textContent()).toBe('annulé');
    await expectCleanPage(page, problems);
    await screenshot(page, 'imports-desktop-fr');
    await page.setViewportSize(PHONE);
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, 'imports-phone-fr');
  }, 180_000);

  it('imports an Apple Health export: the weigh-ins reach the weight chart', async () => {
    const { page, problems } = await suite.open();
    const email = `apple-${Date.now().toString(36)}@example.test`;
    // The account by the API (the sign-up form is the first test's), the page in English whatever came before.
    await signUpByApi(suite.server, { email, password: PASSWORD, name: 'Apple Importer' });
    await signInAnyLanguage(suite.server, page, email, PASSWORD);
    await page.evaluate(() => {
      localStorage.setItem('vitalbase.language', 'en');
      localStorage.setItem('vitalbase.language.chosen', '1');
    });
    await importPage(page);
    await page.getByLabel('What kind of file').selectOption('apple_health');
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'export.zip', mimeType: 'application/zip', buffer: await appleExport() });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const item = page.getByTestId('import-item').first();
    await expect
      .poll(() => item.getByTestId('import-state').textContent(), { timeout: 60_000 })
      .toBe('imported');
    expect(await item.textContent()).toContain('3 items imported');
    await expectCleanPage(page, problems);
    await screenshot(page, 'imports-apple-desktop-en');
    await page.goto(`${suite.server.url}/metrics/weight`);
    const weight = page.locator('[data-testid="chart"][data-metric="weight"]').first();
    await expect.poll(() => weight.getAttribute('data-points'), { timeout: 15_000 }).toBe('3');
  }, 120_000);
});
