import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserHttp } from '../../cli/src/simulator/http';
import { signInAnyLanguage, signUpByApi } from './flows';
import { DateTime } from 'luxon';
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

// Issue #14 §3: charts show exactly the chosen period, go back in time, zoom, turn into tables.
// Two years of weigh-ins and ten days of steps and heart rate, entered through the API.
const PASSWORD = 'violet-harbour-quantum-7';
const EMAIL = `charts-${Date.now().toString(36)}@example.test`;
const ZONE = 'Europe/Paris';
const DAY = 86_400_000;

let server: E2EServer;
let http: UserHttp;
let browser: Browser;
const contexts: BrowserContext[] = [];
type Range = 'day' | 'week' | 'month' | 'year' | 'all';
const localDate = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISODate()!;
const today = () => localDate(Date.now(), ZONE);

/** The calendar period holding a local date, by luxon (an oracle apart from the app's own code). */
function periodOf(range: Range, date: string, zone: string, _today?: string) {
  const unit = range === 'all' ? 'day' : range;
  const start = DateTime.fromISO(date, { zone }).startOf(unit);
  const iso = (d: DateTime) => d.toUTC().toISO({ suppressMilliseconds: false })!;
  return { from: iso(start), to: iso(start.plus({ [unit]: 1 })) };
}
/** A local day with a weigh-in, about 200 days ago. */
let weighInDay = '';

async function seed(http: UserHttp) {
  await http.call('PATCH', '/api/me', { timeZone: ZONE });
  // Kilograms whatever the browser's language (en-US would default to pounds).
  await http.call('PUT', '/api/me/preferences/units', { mass: 'kg' });
  const now = Date.now();
  const post = (at: number, measures: Array<{ metric: string; value: number; unit: string }>) =>
    http.call('POST', '/api/health-data/readings', { takenAt: new Date(at).toISOString(), measures });
  // A weigh-in every third morning over two years, drifting gently; bone mass moving by grams.
  for (let d = 730; d >= 0; d -= 3) {
    const at = now - d * DAY - 2 * 3_600_000;
    if (d === 199) weighInDay = localDate(at, ZONE);
    await post(at, [
      { metric: 'weight', value: Math.round((78 + 2 * Math.sin(d / 60)) * 10) / 10, unit: 'kg' },
      { metric: 'bone_mass', value: Math.round((3 + 0.05 * Math.sin(d / 90)) * 100) / 100, unit: 'kg' },
    ]);
  }
  // Steps and heart rate: a few readings a day for ten days, and some this very hour (in progress).
  for (let d = 10; d >= 1; d--) {
    for (const h of [8, 12, 18]) {
      await post(now - d * DAY + (h - 12) * 3_600_000, [
        { metric: 'steps', value: 1500 + h * 50, unit: 'steps' },
      ]);
    }
  }
  for (const m of [170, 120, 60, 30, 1]) {
    await post(now - m * 60_000, [
      { metric: 'steps', value: 300 + m, unit: 'steps' },
      { metric: 'heart_rate', value: 62 + (m % 7), unit: 'bpm' },
    ]);
  }
  await http.call('PUT', '/api/me/goals/weight', { value: 75 });
  await http.call('PUT', '/api/me/goals/steps', { value: 8000 });
}

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer({ COOKIE_SECRET: 'e2e-charts-cookie-secret-0123456789abcdef' });
  http = await signUpByApi(server, {
    email: EMAIL,
    password: PASSWORD,
    name: 'Chart Reader',
    birthDate: '1985-03-02',
  });
  await seed(http);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function signedIn(locale: string) {
  const context = await newContext(browser, { locale });
  contexts.push(context);
  const page = await context.newPage();
  const problems = trackProblems(page);
  await signInAnyLanguage(server, page, EMAIL, PASSWORD);
  const check = async (name: string) => {
    await expectCleanPage(page, problems);
    await screenshot(page, name);
  };
  const checkPhone = async (name: string) => {
    await page.setViewportSize(PHONE);
    // The charts follow their container's width a frame or more later (longer on a loaded machine):
    // wait for the page to fit rather than a fixed time.
    await expect
      .poll(() => overflowsHorizontally(page), { message: `${page.url()} is wider than a phone` })
      .toBe(false);
    await check(`${name}-phone`);
    await page.setViewportSize(DESKTOP);
  };
  return { page, check, checkPhone };
}

/** A metric's chart on the page (body composition charts share the weight page). */
const chartOf = (page: Page, metric: string) =>
  page.locator(`[data-testid="chart"][data-metric="${metric}"]`).first();

/** The chart's x-axis bounds once drawn for the expected window. */
async function xBounds(chart: Locator): Promise<[string | null, string | null]> {
  return [await chart.getAttribute('data-x-min'), await chart.getAttribute('data-x-max')];
}

describe.skipIf(!hasChromium)('charts at every range', () => {
  let en: Awaited<ReturnType<typeof signedIn>>;
  beforeAll(async () => {
    en = await signedIn('en-US');
  });

  it('shows exactly the chosen period at each range, on a sensible y-axis', async () => {
    const { page, check } = en;
    const date = weighInDay;
    for (const range of ['day', 'week', 'month', 'year', 'all'] as Range[]) {
      await page.goto(`${server.url}/metrics/weight?range=${range}&date=${date}`);
      const p = periodOf(range, range === 'all' ? today() : date, ZONE, today());
      const chart = chartOf(page, 'weight');
      if (range === 'day') {
        await expect.poll(() => xBounds(chart)).toEqual([p.from, p.to]);
        // One weigh-in: an axis of a few kilograms around it (and the 75 kg target), not 0–150.
        const yMin = Number(await chart.getAttribute('data-y-min'));
        const yMax = Number(await chart.getAttribute('data-y-max'));
        expect(yMax - yMin).toBeGreaterThanOrEqual(2);
        expect(yMin).toBeGreaterThan(70);
        expect(yMax).toBeLessThan(85);
        expect(await chart.getAttribute('data-points')).toBe('1');
        await check('charts-weight-day');
        continue;
      }
      if (range === 'all') {
        await expect.poll(async () => (await xBounds(chart))[1]).toBe(p.to);
        const first = Date.parse((await chart.getAttribute('data-x-min')) ?? '');
        expect(first).toBeGreaterThan(Date.now() - 740 * DAY);
        expect(first).toBeLessThan(Date.now() - 700 * DAY);
      } else {
        await expect.poll(() => xBounds(chart)).toEqual([p.from, p.to]);
        expect(await chart.getAttribute('data-from')).toBe(p.from);
      }
      // The target weight is drawn (and kept in view).
      await expect.poll(() => chart.getAttribute('data-goals')).toBe('75');
      await page.getByTestId('period-label').waitFor();
      await check(`charts-weight-${range}`);
    }
    // Bone mass moving by 50 g: at least the catalog's 0.5 kg span.
    await page.goto(`${server.url}/metrics/bone_mass?range=month`);
    const bone = chartOf(page, 'bone_mass');
    await expect.poll(() => bone.getAttribute('data-y-max')).not.toBeNull();
    const span =
      Number(await bone.getAttribute('data-y-max')) - Number(await bone.getAttribute('data-y-min'));
    expect(span).toBeGreaterThanOrEqual(0.5);
  });

  it('goes back and forth in time through buttons, the date picker, the URL and Back', async () => {
    const { page, check } = en;
    await page.goto(`${server.url}/metrics/weight?range=month`);
    const label = page.getByTestId('period-label');
    const thisMonth = (await label.textContent()) ?? '';
    expect(await page.getByRole('button', { name: 'Next month' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous month' }).click();
    await expect.poll(() => label.textContent()).not.toBe(thisMonth);
    const previous = await label.textContent();
    expect(new URL(page.url()).searchParams.get('range')).toBe('month');
    const prevDate = new URL(page.url()).searchParams.get('date')!;
    expect(prevDate < today()).toBe(true);
    await page.getByRole('button', { name: 'Year', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('year');
    await page.goBack();
    await expect.poll(() => label.textContent()).toBe(previous);
    await page.goBack();
    await expect.poll(() => label.textContent()).toBe(thisMonth);
    // The date picker goes anywhere: the bookmarkable URL follows.
    await page.getByLabel('Go to date').fill('2025-12-24');
    await expect.poll(() => new URL(page.url()).searchParams.get('date')).toBe('2025-12-24');
    await expect.poll(() => label.textContent()).toBe('December 2025');
    await page.reload();
    await expect.poll(() => label.textContent()).toBe('December 2025');
    await check('charts-weight-month-past');
  });

  it('zooms by dragging, says so, fetches finer data and resets', async () => {
    const { page, check } = en;
    await page.goto(`${server.url}/metrics/weight?range=year&date=${today()}`);
    const chart = chartOf(page, 'weight');
    await expect.poll(() => chart.getAttribute('data-bucket-seconds')).toBe('86400');
    await expect(page.getByTestId('zoom-state').textContent()).resolves.toMatch(/Drag across a chart/);
    const over = chart.locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('zoom-state').textContent()).toMatch(/^Zoomed in on/);
    await expect
      .poll(async () => Number(await chart.getAttribute('data-bucket-seconds')))
      .toBeLessThan(86_400);
    const [zFrom, zTo] = await xBounds(chart);
    expect(Date.parse(zTo!) - Date.parse(zFrom!)).toBeLessThan(60 * DAY);
    await check('charts-weight-zoomed');
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await expect.poll(() => chart.getAttribute('data-bucket-seconds')).toBe('86400');
    await expect(page.getByTestId('zoom-state').textContent()).resolves.toMatch(/Drag across a chart/);
  });

  it('shows each chart as a table on request', async () => {
    const { page, check, checkPhone } = en;
    await page.goto(`${server.url}/metrics/weight?range=month&date=${today()}`);
    const chart = chartOf(page, 'weight');
    await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    const points = Number(await chart.getAttribute('data-points'));
    await page.getByRole('button', { name: 'Show as a table' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('table');
    const table = page.getByRole('table').first();
    await table.locator('caption').waitFor();
    expect(await table.locator('thead th[scope="col"]').count()).toBe(3);
    expect(await table.locator('tbody tr').count()).toBe(points);
    expect(await table.locator('tbody th[scope="row"]').first().textContent()).toMatch(/\d{4}/);
    await check('charts-weight-table');
    await checkPhone('charts-weight-table');
    await page.getByRole('button', { name: 'Show as a table' }).click();
    await expect.poll(() => page.locator('.chart-canvas').count()).toBeGreaterThan(0);
  });

  it('shows a day of steps per hour and of heart rate per minute, the running hour as partial', async () => {
    const { page, check, checkPhone } = en;
    // Steps in the running hour whatever the clock says now (the seed may be from the hour before).
    await http.call('POST', '/api/health-data/readings', {
      takenAt: new Date().toISOString(),
      measures: [{ metric: 'steps', value: 120, unit: 'steps' }],
    });
    await page.goto(`${server.url}/metrics/steps?range=day`);
    await page.getByRole('heading', { level: 2, name: 'Steps per hour' }).waitFor();
    expect(await page.getByText('(steps)').count()).toBe(0);
    const chart = chartOf(page, 'steps');
    await expect.poll(() => chart.getAttribute('data-bucket-seconds')).toBe('3600');
    const p = periodOf('day', today(), ZONE, today());
    expect(await xBounds(chart)).toEqual([p.from, p.to]);
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    expect(await chart.getAttribute('data-partial')).toBe('1');
    expect(Number(await chart.getAttribute('data-y-min'))).toBe(0);
    await check('charts-steps-day');
    await checkPhone('charts-steps-day');
    // A week: per local day from zero, today in progress, the daily goal drawn.
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Steps per day' }).waitFor();
    await expect.poll(() => chart.getAttribute('data-goals')).toBe('8000');
    await check('charts-steps-week');
    // A year: per month (this one in progress), exactly January to December.
    await page.getByRole('button', { name: 'Year', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Steps per month' }).waitFor();
    const year = periodOf('year', today(), ZONE);
    await expect.poll(() => xBounds(chart)).toEqual([year.from, year.to]);
    expect(await chart.getAttribute('data-partial')).toBe('1');
    expect(await chart.getAttribute('data-goals')).toBeNull();
    // Everything: asked in pieces the server accepts (3 years each), from the first month with steps.
    await page.getByRole('button', { name: 'All', exact: true }).click();
    // …up to the end of this month, whose bar (in progress) is drawn whole.
    const monthEnd = DateTime.now().setZone(ZONE).startOf('month').plus({ months: 1 }).toUTC().toISO();
    await expect.poll(async () => (await xBounds(chart))[1]).toBe(monthEnd);
    await expect
      .poll(async () => Date.parse((await chart.getAttribute('data-x-min'))!))
      .toBeGreaterThan(Date.now() - 45 * DAY);
    expect(await chart.getAttribute('data-partial')).toBe('1');
    await check('charts-steps-all');

    await page.goto(`${server.url}/metrics/heart_rate?range=day`);
    await page.getByRole('heading', { level: 2, name: /minute by minute/ }).waitFor();
    await expect.poll(() => chartOf(page, 'heart_rate').getAttribute('data-bucket-seconds')).toBe('60');
    await check('charts-heart-rate-day');
  });

  it('reads naturally in French, on a phone too', async () => {
    const fr = await signedIn('fr-FR');
    const { page, check, checkPhone } = fr;
    // The profile's language wins over the browser's: say French there (last test of the file).
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
    await page.goto(`${server.url}/metrics/steps?range=week&date=${today()}`);
    await page.getByRole('heading', { level: 2, name: 'Pas par jour' }).waitFor();
    await page.getByRole('button', { name: 'Semaine précédente' }).waitFor();
    await check('charts-steps-week-fr');
    await checkPhone('charts-steps-week-fr');
    await page.goto(`${server.url}/metrics/weight?range=year&date=${today()}&view=table`);
    await page.getByRole('table').first().locator('caption').waitFor();
    // Numbers in the French way: a decimal comma.
    await expect
      .poll(async () =>
        (await page.getByRole('table').first().locator('tbody td').allTextContents()).join(' '),
      )
      .toMatch(/\d,\d/);
    await check('charts-weight-year-table-fr');
    await page.goto(`${server.url}/metrics/weight?range=month&date=${today()}`);
    await chartOf(page, 'weight').locator('.u-over').waitFor();
    await check('charts-weight-month-fr');
    await checkPhone('charts-weight-month-fr');
  });
});
