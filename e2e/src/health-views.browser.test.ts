import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrottle, UserHttp } from '../../cli/src/simulator/http';
import { runSimulation } from '../../cli/src/simulator/run';
import { factoryKey } from '../../server/src/features/devices/factory-key';
import {
  axeViolations,
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
import { mailedToken } from './flows';

// The sleep, blood-pressure and bedroom-sensor pages (issue #14 §3) on a real server filled by the
// simulator through the HTTP API (a Paris household), in English and French, on a desktop and a phone.
const COOKIE_SECRET = 'e2e-health-views-cookie-secret-0123456789';
const EMAIL = `views-${Date.now().toString(36)}@example.test`;
const PASSWORD = 'violet-harbour-quantum-7';
const PULSE = 60;

let server: E2EServer;
let browser: Browser;
let http: UserHttp;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer({ COOKIE_SECRET });
  await runSimulation({
    url: server.url,
    days: 12,
    users: 1,
    rate: 0,
    seed: 5,
    offsetMinutes: 60,
    factoryKey: factoryKey(COOKIE_SECRET),
    email: EMAIL,
    password: PASSWORD,
    verifyEmail: (email) => mailedToken(server, email),
  });
  // 21 readings typed in over the last hours (the newest 117/80 with a pulse of 60): more than a page.
  http = new UserHttp({ baseUrl: server.url, throttle: createThrottle(0) });
  await http.call('POST', '/api/auth/login', { email: EMAIL, password: PASSWORD });
  for (let i = 21; i >= 1; i--) {
    await http.call('POST', '/api/health-data/readings', {
      takenAt: new Date(Date.now() - i * 600_000).toISOString(),
      measures: [
        { metric: 'systolic_bp', value: i === 1 ? 117 : 125, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: i === 1 ? 80 : 78, unit: 'mmHg' },
        { metric: 'heart_rate', value: PULSE, unit: 'bpm' },
      ],
    });
  }
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function signedIn(locale: string) {
  // The profile's language applies once signed in (the simulator made the account in English).
  await http.call('PATCH', '/api/me', { locale: locale.slice(0, 2) });
  const context = await newContext(browser, { locale });
  contexts.push(context);
  const page = await context.newPage();
  const problems = trackProblems(page);
  await page.goto(`${server.url}/sign-in`);
  await page.locator('input[name="email"]').fill(EMAIL);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL(`${server.url}/`);
  /** Accessibility and console clean, then a screenshot on a desktop and on a phone (no sideways scroll). */
  const check = async (name: string) => {
    await expectCleanPage(page, problems);
    await screenshot(page, name);
    await page.setViewportSize(PHONE);
    await expect
      .poll(() => overflowsHorizontally(page), { message: `${page.url()} is wider than a phone` })
      .toBe(false);
    expect(await clippedTexts(page), 'labels cut off on a phone').toEqual([]);
    await screenshot(page, `${name}-phone`);
    expect(await axeViolations(page), `accessibility of ${page.url()} on a phone`).toEqual([]);
    await page.setViewportSize(DESKTOP);
  };
  return { page, check };
}

/** Labels wider than their box (a French word overflowing a fact, a lane name cut by the chart's edge). */
function clippedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(
      document.querySelectorAll<HTMLElement>('.night-facts dt, .night-facts dd, .chart-legend li'),
    )) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(el.textContent ?? '');
    }
    for (const svg of Array.from(document.querySelectorAll('.svg-chart svg'))) {
      const width = svg.getBoundingClientRect().width;
      for (const text of Array.from(svg.querySelectorAll('text'))) {
        const box = text.getBBox();
        if (box.x < -1 || box.x + box.width > width + 1) out.push(text.textContent ?? '');
      }
    }
    return out;
  });
}

/** The API as the page's own session sees it. */
function pageApi<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(
    async (p) => (await fetch(p, { headers: { accept: 'application/json' } })).json(),
    path,
  );
}

/** An element's text with every kind of space as one plain space (French puts narrow ones before units). */
async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');
}

/** A local date three days ago: its week holds finished nights whatever the weekday and hour. */
const threeDaysAgo = () => new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);

interface Summary {
  key: string;
  details: { asleepSeconds: number; efficiency: number; latencySeconds: number; score: number };
}

describe.skipIf(!hasChromium)('sleep, blood pressure and bedroom sensor pages', () => {
  for (const [locale, lang] of [
    ['en-US', 'en'],
    ['fr-FR', 'fr'],
  ] as const) {
    describe(lang, () => {
      let session: Awaited<ReturnType<typeof signedIn>>;
      beforeAll(async () => {
        if (hasChromium) session = await signedIn(locale);
      });

      it('shows a night with stage names, its totals and score, and the nights as stacked bars', async () => {
        const { page, check } = session;
        await page.goto(`${server.url}/metrics/sleep?range=week&date=${threeDaysAgo()}`);
        const night = page.getByTestId('night');
        await night.waitFor();
        // Stage names on the hypnogram's lanes, never a stage number.
        const lanes = await page.getByTestId('hypnogram').locator('text.lane-label').allTextContents();
        expect(lanes.sort()).toEqual(
          (lang === 'en'
            ? ['Awake', 'Deep', 'Light', 'REM']
            : ['Léger', 'Paradoxal', 'Profond', 'Éveil']
          ).sort(),
        );
        expect(await page.getByText(/Stage: \d|Phase : \d/).count()).toBe(0);
        // Clock times on its axis: "11 PM" or "23 h", in the night's own offset (+01:00).
        const ticks = await page.getByTestId('hypnogram').locator('text.tick').allTextContents();
        expect(ticks.length).toBeGreaterThan(3);
        for (const tick of ticks) expect(tick).toMatch(lang === 'en' ? /^\d{1,2} [AP]M$/ : /^\d{2} h$/);

        // The figures are the server's summary of the night shown (the newest of the week).
        const select = page.getByLabel(lang === 'en' ? 'Night' : 'Nuit', { exact: true });
        const id = await select.inputValue();
        const from = new Date(Date.now() - 20 * 86_400_000).toISOString();
        const to = new Date(Date.now() + 86_400_000).toISOString();
        const derived = await pageApi<{ items: Summary[] }>(
          page,
          `/api/health-data/derived?kind=sleep_summary&from=${from}&to=${to}`,
        );
        const summary = derived.items.find((i) => i.key === id)?.details;
        expect(summary, 'the server summarised the night shown').toBeDefined();
        const s = summary!;
        const hm = (sec: number) => `${Math.floor(sec / 3600)} h ${Math.round((sec % 3600) / 60)} min`;
        expect(await text(page.getByTestId('sleep-total'))).toBe(hm(s.asleepSeconds));
        expect(await text(page.getByTestId('sleep-score'))).toBe(`${s.score}/100`);
        expect((await text(page.getByTestId('sleep-efficiency')))?.replace(/\s/g, '')).toBe(
          `${Math.round(s.efficiency * 100)}%`,
        );
        expect(await text(page.getByTestId('sleep-latency'))).toBe(
          `${Math.round(s.latencySeconds / 60)} min`,
        );
        for (const label of lang === 'en'
          ? ['Total sleep', 'Sleep score', 'Efficiency', 'Time to fall asleep', 'Time in bed']
          : ['Sommeil total', 'Score de sommeil', 'Efficacité', 'Endormissement', 'Temps au lit']) {
          await night.locator('dt', { hasText: label }).waitFor();
        }

        // Every night of the week as a stacked bar, in the table and in the night picker.
        const bars = Number(await page.getByTestId('night-bars').getAttribute('data-nights'));
        expect(bars).toBeGreaterThan(1);
        expect(await page.getByTestId('night-bars').locator('rect.stage-deep').count()).toBe(bars);
        expect(await page.getByTestId('nights-table').locator('tbody tr').count()).toBe(bars);
        expect(await select.locator('option').count()).toBe(bars);
        await check(`metric-sleep-${lang}`);
        // Dark mode: the lanes, bars and their labels follow the page's colours (and stay readable).
        await page.emulateMedia({ colorScheme: 'dark' });
        expect(await axeViolations(page), 'accessibility in dark mode').toEqual([]);
        await screenshot(page, `metric-sleep-${lang}-dark`);
        await page.emulateMedia({ colorScheme: 'light' });

        // The table view: the hypnogram becomes a table of stages.
        await page.goto(`${server.url}/metrics/sleep?range=week&date=${threeDaysAgo()}&view=table`);
        await page.getByTestId('stages-table').waitFor();
        expect(await page.getByTestId('hypnogram').count()).toBe(0);
      });

      it('reads blood pressure as 117/80 with its pulse, on the guideline bands, with averages and pages', async () => {
        const { page, check } = session;
        await page.goto(`${server.url}/metrics/blood_pressure?range=all`);
        const readings = page.getByTestId('bp-readings');
        const first = readings.locator('tbody tr').first();
        await first.waitFor();
        expect(await text(first.locator('td').nth(0))).toBe('117/80 mmHg');
        expect(await text(first.locator('td').nth(1))).toBe(`${PULSE} bpm`);
        expect(await text(first.locator('.bp-category'))).toBe(
          lang === 'en' ? 'Stage 1 hypertension' : 'Hypertension de stade 1',
        );
        expect(await readings.locator('tbody tr').count()).toBe(20);
        // The guideline is named in the legend.
        expect(await page.getByText(/ACC\/AHA/).count()).toBeGreaterThan(0);
        await page.getByTestId('bp-legend').waitFor();
        // Averages: the whole period first, in "sys/dia mmHg" and "bpm".
        const whole = page.getByTestId('bp-averages').locator('tbody tr').first();
        expect(await text(whole.locator('th'))).toBe(lang === 'en' ? 'Whole period' : 'Toute la période');
        expect(await text(whole.locator('td').first())).toMatch(/^\d{2,3}\/\d{2,3} mmHg$/);
        expect(await text(whole.locator('td').nth(1))).toMatch(/^\d{2,3} bpm$/);
        await check(`metric-blood-pressure-${lang}`);
        // The next page of readings.
        await page
          .getByRole('button', { name: lang === 'en' ? 'Older' : 'Plus anciennes' })
          .first()
          .click();
        await expect.poll(() => text(first.locator('td').nth(0))).not.toBe('117/80 mmHg');
      });

      it('draws the bedroom sensors with a line explaining each comfort band', async () => {
        const { page, check } = session;
        await page.goto(`${server.url}/metrics/environment?range=week&date=${threeDaysAgo()}`);
        await expect.poll(() => page.getByTestId('chart').count()).toBe(4);
        const lines = {
          co2: lang === 'en' ? /Below 1000 ppm/ : /Sous 1000 ppm/,
          noise: /30 dB/,
          // English follows US units until the account chooses: the band is converted, not relabelled.
          room_temperature: lang === 'en' ? /16°C to 20°C|60\.8°F to 68°F/ : /16 °C à 20 °C/,
          humidity: /40/,
        };
        for (const [metric, expected] of Object.entries(lines)) {
          expect(await text(page.getByTestId(`comfort-${metric}`))).toMatch(expected);
        }
        expect(await text(page.getByTestId('comfort-legend'))).toContain(
          lang === 'en' ? 'Comfortable' : 'Confortable',
        );
        await check(`metric-environment-${lang}`);
      });
    });
  }
});
