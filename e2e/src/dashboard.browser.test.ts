import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAnyLanguage, signUpByApi } from './flows';
import {
  DESKTOP,
  type E2EServer,
  expectCleanPage,
  hasChromium,
  launchBrowser,
  newContext,
  overflowsHorizontally,
  PHONE,
  screenshot,
  startServer,
  trackProblems,
} from './harness';

// The dashboard and the timeline (issue #14 §4) on a real server, with readings whose weeks are known:
// weight 80.8 kg last week and 80.0 kg this week, a blood pressure of 117/80 with a pulse of 60.
const PASSWORD = 'violet-harbour-quantum-7';
const EMAIL = `dash-${Date.now().toString(36)}@example.test`;
const DAY = 86_400_000;

let server: E2EServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let bpId: string;
/** The UTC date of the blood-pressure reading (taken at +00:00, so its own local day). */
let bpDay: string;

interface Reading {
  id: string;
}

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer({ COOKIE_SECRET: 'e2e-dashboard-cookie-secret-0123456789ab' });
  const http = await signUpByApi(server, {
    email: EMAIL,
    password: PASSWORD,
    name: 'Dana Board',
    birthDate: '1984-05-06',
    timeZone: 'UTC',
  });
  // Metric units whatever the browser's language (en-US would otherwise show pounds).
  await http.call('PUT', '/api/me/preferences/units', {
    mass: 'kg',
    height: 'cm',
    distance: 'km',
    temperature: '°C',
  });
  // Noon UTC, `n` days ago: on the same local day whatever the offset rules.
  const noon = (n: number) => new Date(Math.floor((Date.now() - n * DAY) / DAY) * DAY + 12 * 3_600_000);
  const at = (n: number) =>
    noon(n)
      .toISOString()
      .replace(/\.\d+Z$/, '+00:00');
  const add = (n: number, measures: Array<{ metric: string; value: number; unit: string }>) =>
    http.call<Reading>('POST', '/api/health-data/readings', { takenAt: at(n), measures });
  for (const n of [8, 9, 10]) {
    await add(n, [{ metric: 'weight', value: 80.8, unit: 'kg' }]);
    await add(n, [{ metric: 'steps', value: 6000, unit: 'steps' }]);
  }
  for (const n of [1, 2, 3]) {
    await add(n, [
      { metric: 'weight', value: 80, unit: 'kg' },
      { metric: 'fat_ratio', value: 21.4, unit: '%' },
    ]);
    await add(n, [{ metric: 'steps', value: 7200, unit: 'steps' }]);
  }
  await add(9, [
    { metric: 'systolic_bp', value: 121, unit: 'mmHg' },
    { metric: 'diastolic_bp', value: 82, unit: 'mmHg' },
  ]);
  const bp = await add(1, [
    { metric: 'systolic_bp', value: 117, unit: 'mmHg' },
    { metric: 'diastolic_bp', value: 80, unit: 'mmHg' },
    { metric: 'heart_rate', value: 60, unit: 'bpm' },
  ]);
  bpId = bp.id;
  bpDay = noon(1).toISOString().slice(0, 10);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

/** A signed-in page; `check` runs axe and the console check, `shots` takes desktop and phone screenshots. */
async function signedIn(locale: string) {
  const context = await newContext(browser, { locale });
  contexts.push(context);
  const page = await context.newPage();
  const problems = trackProblems(page);
  await signInAnyLanguage(server, page, EMAIL, PASSWORD);
  const check = () => expectCleanPage(page, problems);
  const shots = async (name: string) => {
    await check();
    await screenshot(page, name);
    await page.setViewportSize(PHONE);
    await page.waitForLoadState('networkidle');
    expect(await overflowsHorizontally(page), `${page.url()} is wider than a phone`).toBe(false);
    await check();
    await screenshot(page, `${name}-phone`);
    await page.setViewportSize(DESKTOP);
  };
  return { page, check, shots };
}

const groupNames = (page: Page) => page.locator('.metric-group > h2').allTextContents();
const cardsOf = (page: Page, group: string) =>
  page
    .locator(`.metric-cards[data-group="${group}"] > .metric-card`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')));

describe.skipIf(!hasChromium)('dashboard and timeline in the browser', () => {
  let en: Awaited<ReturnType<typeof signedIn>>;
  beforeAll(async () => {
    if (hasChromium) en = await signedIn('en-US');
  });

  it('groups the cards, says the change and its size, never flashes "No trend yet"', async () => {
    const { page, shots } = en;
    // Whatever appeared on the page while it loaded, recorded from the first paint.
    await page.addInitScript(() => {
      const seen = new Set<string>();
      (window as unknown as { seenTexts: Set<string> }).seenTexts = seen;
      // The weight card has a week to compare with: it must never say otherwise, even for a moment.
      const card = () =>
        (document.querySelector('.metric-card[data-metric="weight"]') as HTMLElement | null)?.innerText;
      new MutationObserver(() => seen.add(`${document.body?.innerText ?? ''}\n${card() ?? ''}`)).observe(
        document,
        {
          subtree: true,
          childList: true,
          characterData: true,
        },
      );
    });
    // A slow summary: the cards come first, their trend after.
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    await page.route('**/api/health-data/summary', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${server.url}/`);
    await page.getByTestId('latest-weight').waitFor();
    await page.getByTestId('trend-placeholder').first().waitFor();
    release();
    const weight = page.locator('.metric-card[data-metric="weight"]');
    await expect.poll(() => weight.getByTestId('change').textContent()).toBe('↓ −0.8 kg vs last week');
    await page.unroute('**/api/health-data/summary');
    const texts = await page.evaluate(() => [...(window as unknown as { seenTexts: Set<string> }).seenTexts]);
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text).not.toContain('No trend yet');
      expect(text.split('\n').slice(-1)[0]).not.toContain('No previous week');
    }

    expect(await groupNames(page)).toEqual(['Body', 'Heart', 'Activity']);
    expect(await cardsOf(page, 'body')).toEqual(['weight', 'fat_ratio']);
    expect(await cardsOf(page, 'heart')).toEqual(['systolic_bp', 'heart_rate']);
    expect(await weight.textContent()).toContain('7-day average: 80 kg');
    // The sparkline is decoration; its facts are written for screen readers.
    expect(await weight.locator('.sparkline svg').getAttribute('aria-hidden')).toBe('true');
    expect(await weight.locator('.sparkline .visually-hidden').textContent()).toBe(
      'Last 4 weeks, per day: from 80.8 kg to 80 kg, lowest 80 kg, highest 80.8 kg.',
    );
    const bp = page.locator('.metric-card[data-metric="systolic_bp"]');
    expect(await bp.getByTestId('latest-systolic_bp').textContent()).toBe('117/80 mmHg');
    expect(await bp.getByTestId('bp-category').textContent()).toBe('Category: Stage 1 hypertension');
    expect(await bp.getByTestId('change').textContent()).toBe('↓ −4/−2 mmHg vs last week');
    const steps = page.locator('.metric-card[data-metric="steps"]');
    expect(await steps.getByTestId('change').textContent()).toBe('↑ +1,200 steps vs last week');
    await shots('dashboard-groups');
  });

  it('lists a day of readings as a person reads them, pages by day, keeps the add form folded', async () => {
    const { page, shots } = en;
    await page.goto(`${server.url}/timeline?day=${bpDay}`);
    const row = page.locator(`[data-reading="${bpId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('reading-summary').textContent()).toBe(
      'Blood pressure 117/80 mmHg · 60 bpm',
    );
    expect(await row.locator('a').textContent()).toBe('12:00 PM');
    const summaries = await page.getByTestId('reading-summary').allTextContents();
    expect(summaries).toContain('Weight 80 kg · Body fat 21.4%');
    await page.getByRole('heading', { level: 2, name: /^Readings of / }).waitFor();

    // The add form is folded behind a disclosure button.
    const disclosure = page.getByRole('button', { name: 'Add a reading' });
    expect(await disclosure.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByLabel('Measurement').count()).toBe(0);
    await disclosure.click();
    expect(await disclosure.getAttribute('aria-expanded')).toBe('true');
    await page.getByLabel('Measurement').waitFor();
    await disclosure.click();
    expect(await page.getByLabel('Measurement').count()).toBe(0);

    // Older and newer days, in the URL (Back works).
    await page.getByTestId('older-day').click();
    const before = new Date(Date.parse(bpDay) - DAY).toISOString().slice(0, 10);
    await page.waitForURL(`**/timeline?day=${before}`);
    await expect.poll(() => row.count()).toBe(0);
    expect(await page.getByTestId('reading-summary').allTextContents()).toContain(
      'Weight 80 kg · Body fat 21.4%',
    );
    await page.getByTestId('newer-day').click();
    await page.waitForURL(`**/timeline?day=${bpDay}`);
    await row.waitFor();
    await page.goBack();
    await page.waitForURL(`**/timeline?day=${before}`);
    await shots('timeline-day');
    // Days without readings are skipped: from 3 days ago, older is 8 days ago, and back.
    const dayOf = (n: number) => new Date(Date.parse(bpDay) - (n - 1) * DAY).toISOString().slice(0, 10);
    // (The links point a day away until the server has named the nearest day: wait for that.)
    const linkTo = (id: string, day: string) =>
      expect.poll(() => page.getByTestId(id).getAttribute('href')).toContain(`day=${day}`);
    await page.goto(`${server.url}/timeline?day=${dayOf(3)}`);
    await linkTo('older-day', dayOf(8));
    await page.getByTestId('older-day').click();
    await page.waitForURL(`**/timeline?day=${dayOf(8)}`);
    await expect
      .poll(() => page.getByTestId('reading-summary').allTextContents())
      .toContain('Weight 80.8 kg');
    await linkTo('newer-day', dayOf(3));
    await page.getByTestId('newer-day').click();
    await page.waitForURL(`**/timeline?day=${dayOf(3)}`);
    // Nothing older than the first readings: no older link.
    await page.goto(`${server.url}/timeline?day=${dayOf(10)}`);
    await page.getByTestId('newer-day').waitFor();
    await expect.poll(() => page.getByTestId('older-day').count()).toBe(0);
  });

  it('keeps a note and tags on a reading, shown on the timeline', async () => {
    const { page, shots } = en;
    await page.goto(`${server.url}/readings/${bpId}`);
    await page.getByLabel('Note', { exact: true }).fill('After coffee, before the run');
    const tags = page.getByRole('textbox', { name: 'Tags' });
    await tags.fill('#Travel, morning ,travel');
    await page.getByRole('button', { name: 'Save the note' }).click();
    await page.getByText('Your note is saved.').waitFor();
    await expect.poll(() => tags.inputValue()).toBe('travel, morning');
    await shots('reading-note');
    await page.goto(`${server.url}/timeline?day=${bpDay}`);
    const note = page.locator(`[data-reading="${bpId}"]`).getByTestId('reading-note');
    await note.waitFor();
    expect(await note.locator('.note-text').textContent()).toBe('After coffee, before the run');
    expect(await note.locator('.tag').allTextContents()).toEqual(['#travel', '#morning']);
    await shots('timeline-note');
  });

  it('speaks French: groups, change and the timeline', async () => {
    const fr = await signedIn('fr-FR');
    const { page, shots } = fr;
    // The account's language is the one shown once signed in.
    const status = await page.evaluate(async () => {
      const csrf = (await (await fetch('/api/csrf')).json()) as { token: string };
      const res = await fetch('/api/me', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf.token },
        body: JSON.stringify({ locale: 'fr' }),
      });
      return res.status;
    });
    expect(status).toBe(200);
    await page.goto(`${server.url}/`);
    await page.getByTestId('latest-weight').waitFor();
    const weight = page.locator('.metric-card[data-metric="weight"]');
    await expect
      .poll(() => weight.getByTestId('change').textContent())
      .toBe('↓ −0,8\u00a0kg par rapport à la semaine dernière');
    expect(await groupNames(page)).toEqual(['Corps', 'Cœur', 'Activité']);
    // French spacing: no-break spaces inside "7 jours", before ":" and before the unit.
    expect(await weight.textContent()).toContain('Moyenne sur 7\u00a0jours\u00a0: 80\u00a0kg');
    // The catalog's unit words in French too ("pas", not "steps"); the stored unit is unchanged.
    const steps = page.locator('.metric-card[data-metric="steps"]');
    await expect.poll(() => steps.getByTestId('change').textContent()).toMatch(/^↑ \+1\s200\spas /u);
    expect(await steps.textContent()).not.toMatch(/steps/i);
    await shots('dashboard-groups-fr');
    await page.goto(`${server.url}/timeline?day=${bpDay}`);
    const row = page.locator(`[data-reading="${bpId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('reading-summary').textContent()).toBe(
      'Tension artérielle 117/80\u00a0mmHg · 60\u00a0bpm',
    );
    expect(await row.locator('a').textContent()).toBe('12:00');
    await page.getByRole('button', { name: 'Ajouter une mesure' }).waitFor();
    await expect.poll(() => page.getByTestId('timeline').textContent()).toMatch(/7\s200\spas/u);
    expect(await page.getByTestId('timeline').textContent()).not.toMatch(/steps/i);
    await shots('timeline-day-fr');
  });
});
