import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserHttp } from '../../cli/src/simulator/http';
import { mailedToken, signUpByApi } from './flows';
import { runSimulation } from '../../cli/src/simulator/run';
import { factoryKey } from '../../server/src/features/devices/factory-key';
import {
  axeViolations,
  DESKTOP,
  type E2EServer,
  hasChromium,
  launchBrowser,
  newContext,
  overflowsHorizontally,
  PHONE,
  screenshot,
  startServer,
  trackProblems,
} from './harness';

// The health pages on a real server filled by the simulator through the HTTP API, as `--demo` does.
const COOKIE_SECRET = 'e2e-health-pages-cookie-secret-0123456789';
const DEMO_EMAIL = `demo-${Date.now().toString(36)}@example.test`;
const PASSWORD = 'violet-harbour-quantum-7';

let server: E2EServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let other: { http: UserHttp; readingId: string };
let empty: { email: string };

interface Reading {
  id: string;
  takenAt: string;
  source: string;
  measures: Array<{ metric: string; value: number; correction?: { originalValue: number } }>;
}

/** A verified, signed-in account through the API. */
const apiUser = (email: string, name: string) => signUpByApi(server, { email, password: PASSWORD, name });

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer({ COOKIE_SECRET });
  await runSimulation({
    url: server.url,
    days: 10,
    users: 1,
    rate: 0,
    seed: 11,
    factoryKey: factoryKey(COOKIE_SECRET),
    email: DEMO_EMAIL,
    password: PASSWORD,
    verifyEmail: (email) => mailedToken(server, email),
  });
  const otherHttp = await apiUser(`other-${Date.now().toString(36)}@example.test`, 'Other Person');
  const added = await otherHttp.call<Reading>('POST', '/api/health-data/readings', {
    takenAt: new Date(Date.now() - 3_600_000).toISOString(),
    measures: [{ metric: 'weight', value: 64.2, unit: 'kg' }],
  });
  other = { http: otherHttp, readingId: added.id };
  empty = { email: `new-${Date.now().toString(36)}@example.test` };
  await apiUser(empty.email, 'New Person');
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

/** A signed-in page whose every visited page is checked for accessibility and console problems. */
async function signedIn(email: string, locale = 'en-US') {
  const context = await newContext(browser, { locale });
  contexts.push(context);
  const page = await context.newPage();
  const problems = trackProblems(page);
  await page.goto(`${server.url}/sign-in`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL(`${server.url}/`);
  const check = async (name?: string) => {
    await page.waitForLoadState('networkidle');
    expect(await axeViolations(page), `accessibility of ${page.url()}`).toEqual([]);
    expect(problems, `problems reported by ${page.url()}`).toEqual([]);
    if (name) await screenshot(page, name);
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

/** The API as the page's own session sees it (same cookies). */
function pageApi<T>(page: Page, path: string): Promise<{ status: number; body: T }> {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { accept: 'application/json' } });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, path) as Promise<{ status: number; body: T }>;
}

async function weightReadings(page: Page): Promise<Reading[]> {
  const from = new Date(Date.now() - 40 * 86_400_000).toISOString();
  const to = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const res = await pageApi<{ items: Reading[] }>(
    page,
    `/api/health-data/readings?metric=weight&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=1000`,
  );
  return res.body.items;
}

describe.skipIf(!hasChromium)('health pages in the browser', () => {
  let demo: Awaited<ReturnType<typeof signedIn>>;
  beforeAll(async () => {
    if (!hasChromium) return;
    demo = await signedIn(DEMO_EMAIL);
    // The checks below read kilograms: the account's units, whatever the browser's region (en-US).
    const status = await demo.page.evaluate(async () => {
      const csrf = (await (await fetch('/api/csrf')).json()) as { token: string };
      const res = await fetch('/api/me/preferences/units', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf.token },
        body: JSON.stringify({ mass: 'kg', height: 'cm', distance: 'km', temperature: '°C' }),
      });
      return res.status;
    });
    expect(status).toBe(200);
    await demo.page.reload();
  });

  it('shows a card per metric on the dashboard, each opening its page', async () => {
    const { page, check, checkPhone } = demo;
    await page.getByTestId('latest-weight').waitFor();
    for (const metric of ['weight', 'systolic_bp', 'heart_rate', 'steps', 'sleep', 'co2']) {
      await expect.poll(() => page.locator(`.metric-card[data-metric="${metric}"]`).count()).toBe(1);
    }
    expect(await page.getByTestId('latest-weight').textContent()).toMatch(/^\d+(\.\d)? kg$/);
    expect(await page.getByTestId('latest-systolic_bp').textContent()).toMatch(/^\d+\/\d+ mmHg$/);
    // Steps show the day's total (from the server's daily totals), not the last minute's count.
    const steps = (await page.getByTestId('latest-steps').textContent()) ?? '';
    const latest = await pageApi<{ derived: Array<{ kind: string; details: Record<string, unknown> }> }>(
      page,
      '/api/health-data/latest',
    );
    const totals = latest.body.derived.find((d) => d.kind === 'daily_totals')?.details;
    expect(typeof totals?.steps).toBe('number');
    expect(steps).toMatch(/^[\d,]+ steps$/);
    expect(Number(steps.replace(/\D/g, ''))).toBe(Math.round(totals?.steps as number));
    await page.locator('.metric-card[data-metric="steps"]').getByText('Total of').waitFor();
    await expect.poll(() => page.locator('.metric-card .trend').count()).toBeGreaterThan(0);
    await page.getByRole('note').filter({ hasText: 'not a diagnosis' }).waitFor();
    await check('dashboard');
    await checkPhone('dashboard');
    await page.getByRole('link', { name: 'Blood pressure' }).click();
    await page.waitForURL('**/metrics/blood_pressure');
    await page.getByRole('heading', { level: 1, name: 'Blood pressure' }).waitFor();
  });

  it('charts the server buckets of the chosen range, point for point', async () => {
    const { page, check } = demo;
    await page.goto(`${server.url}/metrics/heart_rate`);
    const counts: Record<string, number> = {};
    for (const range of ['Day', 'Week']) {
      await page.getByRole('button', { name: range, exact: true }).click();
      const chart = page.getByTestId('chart').first();
      const expectedBucket = range === 'Day' ? '60' : '3600';
      await expect.poll(() => chart.getAttribute('data-bucket-seconds')).toBe(expectedBucket);
      await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
      const [from, to, bucket, points] = await Promise.all(
        ['data-from', 'data-to', 'data-bucket-seconds', 'data-points'].map((a) => chart.getAttribute(a)),
      );
      const api = await pageApi<{ buckets: unknown[]; bucketSeconds: number }>(
        page,
        `/api/health-data/timeseries?metric=heart_rate&from=${encodeURIComponent(from!)}&to=${encodeURIComponent(to!)}&bucketSeconds=${bucket}`,
      );
      expect(api.status).toBe(200);
      expect(Number(points)).toBe(api.body.buckets.length);
      counts[range] = Number(points);
    }
    // Daily bars: one bar per local day the server totals.
    await page.goto(`${server.url}/metrics/steps`);
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    const bars = page.getByTestId('chart').first();
    // The week's local days (the month's stay on screen until the week's answer arrives).
    const daysShown = async () =>
      (Date.parse((await bars.getAttribute('data-to')) ?? '') -
        Date.parse((await bars.getAttribute('data-from')) ?? '')) /
      86_400_000;
    await expect.poll(daysShown).toBeLessThanOrEqual(7);
    expect(Number(await bars.getAttribute('data-points'))).toBeGreaterThan(0);
    const [barFrom, barTo] = await Promise.all(['data-from', 'data-to'].map((a) => bars.getAttribute(a)));
    const days = await pageApi<{ periods: Array<{ sum: number | null }> }>(
      page,
      `/api/health-data/aggregates?metric=steps&period=day&from=${barFrom}&to=${barTo}`,
    );
    expect(Number(await bars.getAttribute('data-points'))).toBe(
      days.body.periods.filter((p) => p.sum !== null).length,
    );
    expect(days.body.periods.length).toBeGreaterThanOrEqual(7);
    expect(days.body.periods.length).toBeLessThanOrEqual(8);
    await page.goto(`${server.url}/metrics/heart_rate`);
    // A day of heart rate minute by minute: at most 1,500 (a 25-hour day); a week in hours: more than a day's hours.
    expect(counts.Day).toBeLessThanOrEqual(1500);
    expect(counts.Week).toBeGreaterThan(24);
    await check('metric-heart-rate');

    for (const [metric, shot] of [
      ['weight', 'metric-weight'],
      ['blood_pressure', 'metric-blood-pressure'],
      ['steps', 'metric-steps'],
      ['sleep', 'metric-sleep'],
      ['environment', 'metric-environment'],
      ['body_temperature', 'metric-temperature'],
    ] as const) {
      await page.goto(`${server.url}/metrics/${metric}`);
      await expect.poll(() => page.getByTestId('chart').count()).toBeGreaterThan(0);
      await check(shot);
    }
    // Blood pressure: each reading's category in words (and a colour swatch).
    await page.goto(`${server.url}/metrics/blood_pressure`);
    await expect.poll(() => page.locator('.bp-category').count()).toBeGreaterThan(0);
    expect(await page.locator('.bp-category').first().textContent()).toMatch(
      /Normal|Elevated|hypertension|crisis/i,
    );
    // Sleep: a hypnogram of one night with its stage durations.
    await page.goto(`${server.url}/metrics/sleep`);
    await expect.poll(() => page.getByTestId('stage-deep').textContent()).toMatch(/\d+ h \d+ min/);
    await demo.checkPhone('metric-sleep');
  });

  it('adds, corrects and deletes a reading (with undo), each round-tripping through the API', async () => {
    const { page, check } = demo;
    // Yesterday's readings from devices carry the device's name, never its id.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${server.url}/timeline?day=${yesterday}`);
    const devices = await pageApi<Array<{ id: string; name: string }>>(page, '/api/devices');
    await expect
      .poll(() => page.locator('[data-testid="timeline"] .tag').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(devices.body.map((d) => d.name).join('|'))]));
    await page.goto(`${server.url}/timeline`);
    // The add form is folded behind its button.
    await page.getByRole('button', { name: 'Add a reading' }).click();
    await page.getByLabel('Measurement').selectOption('weight');
    await page.getByLabel('Weight (kg)').fill('72.5');
    await page.getByRole('button', { name: 'Add the reading' }).click();
    await page.getByText('Reading added.').waitFor();
    const added = (await weightReadings(page)).find(
      (r) => r.source === 'manual' && r.measures[0]?.value === 72.5,
    );
    expect(added, 'the manual reading is stored').toBeDefined();
    await check('timeline');
    await demo.checkPhone('timeline');

    // Correct it on its page.
    await page.locator(`[data-reading="${added!.id}"] a`).click();
    await page.waitForURL(`**/readings/${added!.id}`);
    await page.getByLabel('Weight (kg)').fill('73.1');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Your correction is saved.').waitFor();
    const corrected = await pageApi<Reading>(page, `/api/health-data/readings/${added!.id}`);
    expect(corrected.body.measures[0]?.value).toBe(73.1);
    expect(corrected.body.measures[0]?.correction?.originalValue).toBe(72.5);
    await check('reading');

    // Delete it from the timeline, then undo while the page is open.
    await page.goto(`${server.url}/timeline?metric=weight`);
    await page.locator(`[data-reading="${added!.id}"] button`).click();
    await page.getByText('Reading deleted.').waitFor();
    expect((await pageApi(page, `/api/health-data/readings/${added!.id}`)).status).toBe(404);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(
        async () =>
          (await weightReadings(page)).filter(
            (r) => r.measures[0]?.value === 73.1 && r.takenAt === corrected.body.takenAt,
          ).length,
      )
      .toBe(1);
    await check();

    // Another day: not on today's page, reached by paging back a day at a time.
    const longAgo = new Date(Date.now() - 3 * 86_400_000).toISOString().replace(/\.\d+Z$/, '+00:00');
    const old = await page.evaluate(async (takenAt) => {
      const { token } = await (await fetch('/api/csrf')).json();
      const res = await fetch('/api/health-data/readings', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': token },
        body: JSON.stringify({ takenAt, measures: [{ metric: 'weight', value: 71.9, unit: 'kg' }] }),
      });
      return { status: res.status, body: await res.json() };
    }, longAgo);
    expect(old.status).toBe(201);
    const dayAfter = new Date(Date.parse(longAgo) + 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${server.url}/timeline?metric=weight&day=${dayAfter}`);
    await page.getByTestId('older-day').waitFor();
    expect(await page.locator(`[data-reading="${old.body.id}"]`).count()).toBe(0);
    await page.getByTestId('older-day').click();
    await page.locator(`[data-reading="${old.body.id}"]`).waitFor();
  });

  it('shows pounds and °F in imperial units', async () => {
    const { page, check } = demo;
    await page.goto(`${server.url}/settings/units`);
    await page.getByRole('button', { name: 'All imperial' }).click();
    await check('units');
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.getByTestId('latest-weight').textContent()).toMatch(/^\d+(\.\d)? lb$/);
    await expect.poll(() => page.getByTestId('latest-body_temperature').textContent()).toMatch(/°F$/);
    const kg = (await weightReadings(page)).at(-1)!;
    await page.goto(`${server.url}/readings/${kg.id}`);
    const shown = Number((await page.getByTestId('value-weight').textContent())!.replace(/ lb.*$/, ''));
    expect(shown).toBeCloseTo(kg.measures[0]!.value / 0.45359237, 0);
    await page.goto(`${server.url}/metrics/weight`);
    await page.getByRole('heading', { name: 'Weight (lb)' }).waitFor();
    await page.goto(`${server.url}/settings/units`);
    // Units are the account's: the next test reads kilograms only once this choice is saved.
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/me/preferences/units') && r.ok()),
      page.getByRole('button', { name: 'All metric' }).click(),
    ]);
  });

  it("answers not found for another user's reading id in the address", async () => {
    const { page, check } = demo;
    await page.goto(`${server.url}/readings/${other.readingId}`);
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    expect(await page.getByText('64.2').count()).toBe(0);
    // The other user still has it.
    expect((await other.http.request('GET', `/api/health-data/readings/${other.readingId}`)).status).toBe(
      200,
    );
    await check('reading-not-found');
    await page.goto(`${server.url}/readings/not-a-uuid`);
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
  });

  it('lists devices with battery, firmware and last sync; pairs one; states what unpairing does', async () => {
    const { page, check, checkPhone } = demo;
    const serial = `E2E-${Date.now().toString(36)}`.toUpperCase();
    const factory = await fetch(`${server.url}/api/factory/units`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${factoryKey(COOKIE_SECRET)}` },
      body: JSON.stringify({
        units: [{ serial, mac: '02:00:00:aa:bb:cc', modelId: 'vb-thermo', claimCode: 'C0FFEE' }],
      }),
    });
    expect(factory.status).toBe(201);
    await page.goto(`${server.url}/devices`);
    await expect.poll(() => page.locator('[data-device]').count()).toBeGreaterThanOrEqual(6);
    await page.getByText('Last sync').first().waitFor();
    await page.getByRole('heading', { name: 'Weigh-ins to attribute' }).waitFor();
    await check('devices');
    await checkPhone('devices');

    await page.getByLabel('Serial number').fill(serial);
    await page.getByLabel('Claim code').fill('C0FFEE');
    await page.getByLabel('Name (optional)').fill('Kitchen thermometer');
    await page.getByRole('button', { name: 'Pair', exact: true }).click();
    expect(await page.getByTestId('device-credential').textContent()).toMatch(/^vbd_/);
    const card = page.locator('[data-device]').filter({ hasText: 'Kitchen thermometer' });
    await card.getByRole('button', { name: /Unpair Kitchen thermometer/ }).click();
    await card.getByText('The data it already sent stays in your account').waitFor();
    await card.getByRole('button', { name: 'Unpair', exact: true }).click();
    await expect
      .poll(() => page.locator('[data-device]').filter({ hasText: 'Kitchen thermometer' }).count())
      .toBe(0);
    await check();
  });

  it('tells a new user what to do next', async () => {
    const { page, check } = await signedIn(empty.email);
    await page.getByRole('heading', { name: 'No measurements yet' }).waitFor();
    await page.getByText('npx vitalbase simulate').waitFor();
    await page.getByRole('link', { name: 'Pair a device with its claim code' }).waitFor();
    await check('dashboard-empty');
  });

  it('speaks French when the profile says so', async () => {
    const { page } = demo;
    const ok = await page.evaluate(async () => {
      const csrf = (await (await fetch('/api/csrf')).json()) as { token: string };
      const res = await fetch('/api/me', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf.token },
        body: JSON.stringify({ locale: 'fr' }),
      });
      return res.status;
    });
    expect(ok).toBe(200);
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Historique' }).waitFor();
    await page.getByRole('note').filter({ hasText: 'pas un diagnostic' }).waitFor();
    await expect.poll(() => page.getByTestId('latest-weight').textContent()).toMatch(/^\d+(,\d)? kg$/);
    await demo.check('dashboard-fr');
    await page.goto(`${server.url}/metrics/weight`);
    await page.getByRole('heading', { name: 'Composition corporelle' }).waitFor();
    await page.getByRole('button', { name: 'Semaine' }).waitFor();
    await demo.check('metric-weight-fr');
    await page.goto(`${server.url}/devices`);
    await page.getByRole('heading', { level: 1, name: 'Appareils' }).waitFor();
    await page.goto(`${server.url}/timeline`);
    await page.getByRole('heading', { level: 1, name: 'Historique' }).waitFor();
    await demo.check('timeline-fr');
  });
});
