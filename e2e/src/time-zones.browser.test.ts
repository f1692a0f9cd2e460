import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpByApi, signUpInBrowser } from './flows';
import {
  expectCleanPage,
  type E2EServer,
  hasChromium,
  launchBrowser,
  screenshot,
  startServer,
  trackProblems,
} from './harness';

// Issue #14 §1 (docs/time-zones.md): one time for a reading on every page, in the place it was lived;
// days are local days. Browsers in Paris and Los Angeles, around each zone's autumn DST change.
const PASSWORD = 'amber-lantern-meridian-4';
// The screens the issue was tried on.
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const stamp = Date.now().toString(36);

interface Zone {
  name: string;
  tz: string;
  /** Weigh-ins: a device time written with Z (placed in the account's zone), then one with its offset. */
  readings: Array<{ takenAt: string; kg: number }>;
  /** Steps on one local day, either side of UTC midnight. */
  steps: Array<{ takenAt: string; count: number }>;
  /** The timeline's local day, the newest reading's page and what each language shows. */
  day: string;
  latestInput: string;
  times: { en: string[]; fr: string[] };
  stepsDay: { en: string; fr: string };
}

const zones: Zone[] = [
  {
    name: 'paris',
    tz: 'Europe/Paris',
    readings: [
      // 00:45Z on 25 October 2026 is 02:45 summer time (+02:00), before the clocks go back at 01:00Z.
      { takenAt: '2026-10-25T00:45:00Z', kg: 71.2 },
      // 05:55Z is 06:55 winter time: the "5:55 AM / 06:55" reading of the issue.
      { takenAt: '2026-10-25T06:55:00+01:00', kg: 71.0 },
    ],
    // 00:10 and 00:40 on 26 October in Paris: 23:10Z and 23:40Z on the 25th (UTC day before).
    steps: [
      { takenAt: '2026-10-26T00:10:00+01:00', count: 400 },
      { takenAt: '2026-10-25T23:40:00Z', count: 300 },
    ],
    day: '2026-10-25',
    latestInput: '2026-10-25T06:55',
    times: { en: ['2:45 AM', '6:55 AM'], fr: ['02:45', '06:55'] },
    stepsDay: { en: 'October 26, 2026', fr: '26 octobre 2026' },
  },
  {
    name: 'los-angeles',
    tz: 'America/Los_Angeles',
    readings: [
      // 08:30Z on 1 November 2026 is 01:30 PDT (−07:00), half an hour before the clocks go back.
      { takenAt: '2026-11-01T08:30:00Z', kg: 80.4 },
      { takenAt: '2026-11-01T07:10:00-08:00', kg: 80.1 },
    ],
    // 15:30 and 16:30 on 1 November in Los Angeles: 23:30Z on the 1st and 00:30Z on the 2nd.
    steps: [
      { takenAt: '2026-11-01T23:30:00Z', count: 1000 },
      { takenAt: '2026-11-01T16:30:00-08:00', count: 500 },
    ],
    day: '2026-11-01',
    latestInput: '2026-11-01T07:10',
    times: { en: ['1:30 AM', '7:10 AM'], fr: ['01:30', '07:10'] },
    stepsDay: { en: 'November 1, 2026', fr: '1 novembre 2026' },
  },
];

let server: E2EServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const accounts = new Map<string, { email: string }>();

/** An account made through the API with the zone a browser there sends, and its readings. */
async function seed(zone: Zone, lang: 'en' | 'fr') {
  const email = `tz-${zone.name}-${lang}-${stamp}@example.test`;
  const http = await signUpByApi(server, {
    email,
    password: PASSWORD,
    name: `Tz ${zone.name}`,
    birthDate: '1981-04-05',
    timeZone: zone.tz,
    locale: lang,
  });
  for (const r of zone.readings) {
    await http.call('POST', '/api/health-data/readings', {
      takenAt: r.takenAt,
      measures: [{ metric: 'weight', value: r.kg, unit: 'kg' }],
    });
  }
  for (const s of zone.steps) {
    await http.call('POST', '/api/health-data/readings', {
      takenAt: s.takenAt,
      measures: [{ metric: 'steps', value: s.count, unit: 'steps' }],
    });
  }
  accounts.set(`${zone.name}-${lang}`, { email });
}

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer({ COOKIE_SECRET: 'e2e-time-zones-cookie-secret-0123456789' });
  browser = await launchBrowser();
  for (const zone of zones) for (const lang of ['en', 'fr'] as const) await seed(zone, lang);
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

/** A browser in `tz`, in a language and on a screen, with its problems tracked. */
async function open(tz: string, lang: 'en' | 'fr', viewport: typeof DESKTOP) {
  const context = await browser.newContext({
    locale: lang === 'fr' ? 'fr-FR' : 'en-US',
    viewport,
    timezoneId: tz,
  });
  contexts.push(context);
  const page = await context.newPage();
  return { page, problems: trackProblems(page) };
}

async function signIn(page: Page, email: string) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel(/^(Email|E-mail)$/).fill(email);
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(PASSWORD);
  await page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
  await page.waitForURL(`${server.url}/`);
}

/** Text with every kind of space as one space (Intl puts a narrow no-break space before "AM"). */
async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');
}

describe.skipIf(!hasChromium)('every time in the user’s own time zone', () => {
  it('records the browser’s zone at sign-up (Los Angeles)', async () => {
    const { page, problems } = await open('America/Los_Angeles', 'en', DESKTOP);
    const email = `tz-signup-${stamp}@example.test`;
    await signUpInBrowser(server, page, { email, password: PASSWORD });
    await signIn(page, email);
    const me = await page.evaluate(() => fetch('/api/me').then((r) => r.json()));
    expect(me.timeZone).toBe('America/Los_Angeles');
    await page.goto(`${server.url}/account`);
    await expect.poll(() => page.getByLabel('Time zone').inputValue()).toBe('America/Los_Angeles');
    await expectCleanPage(page, problems);
    await screenshot(page, 'time-zones-account-desktop-en');
  });

  const runs = [
    { zone: zones[0]!, lang: 'en', viewport: DESKTOP, screen: 'desktop' },
    { zone: zones[0]!, lang: 'fr', viewport: PHONE, screen: 'phone' },
    { zone: zones[1]!, lang: 'fr', viewport: DESKTOP, screen: 'desktop' },
    { zone: zones[1]!, lang: 'en', viewport: PHONE, screen: 'phone' },
  ] as const;

  for (const { zone, lang, viewport, screen } of runs) {
    it(`shows a reading at one local time on every page, and day totals on the local day (${zone.tz}, ${lang}, ${screen})`, async () => {
      const { page, problems } = await open(zone.tz, lang, viewport);
      await signIn(page, accounts.get(`${zone.name}-${lang}`)!.email);
      const shot = (what: string) => screenshot(page, `time-zones-${zone.name}-${what}-${screen}-${lang}`);
      const [early, latest] = zone.times[lang] as [string, string];

      // Dashboard: the newest weigh-in at its own local time; steps totalled on the local day.
      const weight = page.locator('[data-metric="weight"]');
      await expect.poll(() => textOf(weight)).toContain(latest);
      const steps = page.locator('[data-metric="steps"]');
      await expect.poll(() => textOf(steps)).toContain(zone.stepsDay[lang]);
      const total = zone.steps.reduce((s, x) => s + x.count, 0);
      expect((await textOf(steps)).replace(/\D/g, '')).toContain(String(total));
      await expectCleanPage(page, problems);
      await shot('dashboard');

      // Timeline of the DST day: both weigh-ins, each at the time it was lived.
      await page.goto(`${server.url}/timeline?day=${zone.day}&metric=weight`);
      const list = page.getByTestId('timeline');
      await expect.poll(() => textOf(list)).toContain(latest);
      expect(await textOf(list)).toContain(early);
      await expectCleanPage(page, problems);
      await shot('timeline');

      // The reading's page: the same time, and the edit field at the same wall clock.
      await list.getByRole('link', { name: new RegExp(`^${latest.replace(' ', '\\s')}$`) }).click();
      await page.waitForURL('**/readings/*');
      const when = page.locator('dl.facts dd').first();
      await expect.poll(() => textOf(when)).toContain(latest);
      expect(await page.locator('input[name="takenAt"]').inputValue()).toBe(zone.latestInput);
      await expectCleanPage(page, problems);
      await shot('reading');

      // The account page: the zone in a searchable field; a zone typed in is saved, a made-up one refused.
      await page.goto(`${server.url}/account`);
      const field = page.getByLabel(lang === 'fr' ? 'Fuseau horaire' : 'Time zone');
      await expect.poll(() => field.inputValue()).toBe(zone.tz);
      const save = page.getByRole('button', { name: lang === 'fr' ? 'Enregistrer' : 'Save', exact: true });
      await field.fill('Mars/Olympus');
      await save.first().click();
      await page.locator('.field-error[data-field="timeZone"]').waitFor();
      await field.fill('Asia/Tokyo');
      await save.first().click();
      await expect
        .poll(() => page.evaluate(() => fetch('/api/me').then((r) => r.json())).then((me) => me.timeZone))
        .toBe('Asia/Tokyo');
      await expectCleanPage(
        page,
        problems.filter((p) => !p.includes('/api/me')),
      );
      await shot('account');
    });
  }
});
