import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  type E2EServer,
  hasChromium,
  launchBrowser,
  overflowsHorizontally,
  screenshot,
  startServer,
  trackProblems,
} from './harness';
import { signUpByApi } from './flows';

/**
 * The web app's shell (issue #14 §5): the server away and back, the phone layout, dark mode, the
 * installable app (manifest, icons), compressed and cached assets, the sign-up page's weight, French
 * throughout. Desktop 1366×900 and phone 390×844, in English and French.
 */
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const MAIN_PAGES = [
  '/',
  '/timeline',
  '/devices',
  '/goals',
  '/settings/units',
  '/account',
  '/security',
  '/privacy',
  '/privacy/exports',
  '/policies',
  '/developer/apps',
  '/metrics/weight',
  '/metrics/blood_pressure',
  '/metrics/steps',
  // A day with readings (the timeline opens on today, which has none here).
  `/timeline?day=${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}`,
];
/** Words that, seen on a French page, mean a string was left in English. */
const ENGLISH =
  /\b(steps|Steps|Time|Unknown|browser|Loading|Sign out|Sign in|Settings|Save|Cancel|Delete|Today|Yesterday|Weight|Heart rate|Sleep|Something went wrong|No data|Average|Devices|Goals|Security|Account|Battery|Never|minutes|hours|desktop|breaths|events)\b/;

let server: E2EServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const account = {
  email: `shell-${Date.now().toString(36)}@example.test`,
  password: 'correct horse battery 42',
};

beforeAll(async () => {
  if (!hasChromium) return;
  server = await startServer();
  browser = await launchBrowser();
  // Signed in from Node too: a session whose user agent names no browser ("Navigateur inconnu").
  const http = await signUpByApi(server, { ...account, name: 'Shell Tester', locale: 'en' });
  // A few readings, so the pages show numbers, units and dates (where English leftovers hide).
  for (let day = 1; day <= 3; day++) {
    // Noon UTC: yesterday's readings stay on yesterday in Paris.
    const noon = new Date(Math.floor(Date.now() / 86_400_000 - day) * 86_400_000 + 12 * 3_600_000);
    const takenAt = noon.toISOString().replace('Z', '+00:00');
    await http.call('POST', '/api/health-data/readings', {
      takenAt,
      measures: [{ metric: 'steps', value: 7200 + day, unit: 'steps' }],
    });
    await http.call('POST', '/api/health-data/readings', {
      takenAt,
      measures: [
        { metric: 'weight', value: 72 + day / 10, unit: 'kg' },
        { metric: 'systolic_bp', value: 117 + day, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 78, unit: 'mmHg' },
        { metric: 'heart_rate', value: 60 + day, unit: 'bpm' },
      ],
    });
  }
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function open(opts: { locale?: string; viewport?: typeof DESKTOP; dark?: boolean } = {}) {
  const context = await browser.newContext({
    locale: opts.locale ?? 'en-US',
    viewport: opts.viewport ?? DESKTOP,
    timezoneId: 'Europe/Paris',
    colorScheme: opts.dark ? 'dark' : 'light',
  });
  contexts.push(context);
  const page = await context.newPage();
  return { context, page, problems: trackProblems(page) };
}

/** A call of the API from the page (its cookies, its CSRF token), as the app makes them. */
function apiFromPage(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ([m, p, b]) => {
      const { token } = (await (await fetch('/api/csrf')).json()) as { token: string };
      const res = await fetch(p as string, {
        method: m as string,
        headers: { 'content-type': 'application/json', 'x-csrf-token': token },
        body: JSON.stringify(b),
      });
      if (!res.ok) throw new Error(`${m} ${p}: ${res.status}`);
    },
    [method, path, body] as const,
  );
}

/** A browser signed in with the account's profile in `profileLanguage`, on the home page. */
async function signedIn(opts: Parameters<typeof open>[0] & { profileLanguage?: string } = {}) {
  const opened = await open(opts);
  const { page } = opened;
  await page.goto(`${server.url}/sign-in`);
  await apiFromPage(page, 'POST', '/api/auth/login', { email: account.email, password: account.password });
  await apiFromPage(page, 'PATCH', '/api/me', { locale: opts.profileLanguage ?? 'en' });
  await page.goto(`${server.url}/`);
  await page.locator('main h1').first().waitFor();
  return opened;
}

/** The page as it settles: no request in flight, nothing left loading. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.loading, [aria-busy="true"]')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => {});
}

async function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, { headers: { accept: 'text/html,*/*', ...headers } });
}

describe.skipIf(!hasChromium)('the web app as served', () => {
  it('sends hashed assets compressed and cached for a year, index.html revalidated', async () => {
    const index = await get('/', { 'accept-encoding': 'br, gzip' });
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-encoding')).toBe('br');
    const html = await index.text(); // fetch decodes it
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    for (const encoding of ['br', 'gzip']) {
      const res = await get(script ?? '', { 'accept-encoding': encoding });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    const route = await get('/security', { 'accept-encoding': 'gzip' });
    expect(route.headers.get('content-encoding')).toBe('gzip');
    expect(route.headers.get('cache-control')).toBe('no-cache');
  });

  it('is installable: a manifest with its icons, a favicon', async () => {
    const res = await get('/manifest.webmanifest');
    expect(res.headers.get('content-type')).toMatch(/manifest\+json/);
    const manifest = (await res.json()) as {
      name: string;
      start_url: string;
      display: string;
      theme_color: string;
      background_color: string;
      icons: Array<{ src: string; sizes: string; purpose: string; type: string }>;
    };
    expect(manifest).toMatchObject({ name: 'Vitalbase', start_url: '/', display: 'standalone' });
    expect(manifest.theme_color).toMatch(/^#/);
    expect(manifest.background_color).toMatch(/^#/);
    const png = manifest.icons.filter((i) => i.type === 'image/png');
    expect(png.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ]);
    for (const icon of png) {
      const body = Buffer.from(await (await get(icon.src)).arrayBuffer());
      // PNG signature, then IHDR's width and height
      expect(body.subarray(1, 4).toString()).toBe('PNG');
      expect(`${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    expect((await get('/favicon.svg')).headers.get('content-type')).toMatch(/svg/);

    const { page } = await open();
    await page.goto(`${server.url}/sign-in`);
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
    expect(await page.locator('link[rel="icon"]').count()).toBeGreaterThan(0);
  });

  it('weighs at most 300 KB compressed on the sign-up page; the password dictionaries wait for typing', async () => {
    const { page, problems } = await open();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    let bytes = 0;
    const urls: string[] = [];
    cdp.on('Network.loadingFinished', (e) => {
      bytes += e.encodedDataLength;
    });
    cdp.on('Network.requestWillBeSent', (e) => urls.push(e.request.url));
    await page.goto(`${server.url}/sign-up`);
    await settled(page);
    expect(bytes, `${(bytes / 1024).toFixed(1)} KB`).toBeLessThanOrEqual(300 * 1024);
    expect(urls.filter((u) => /password-strength/.test(u))).toEqual([]);
    await page.getByLabel('New password', { exact: true }).fill('abc');
    await page.getByTestId('password-strength').waitFor();
    expect(urls.filter((u) => /password-strength/.test(u))).toHaveLength(1);
    expect(problems).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('the shell, page by page', () => {
  for (const [locale, lang] of [
    ['en-US', 'en'],
    ['fr-FR', 'fr'],
  ] as const) {
    for (const [device, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`${lang} ${device}: every main page fits the screen, is accessible, ${lang === 'fr' ? 'is all French' : 'has no console error'}`, async () => {
        const { page, problems } = await signedIn({ locale, viewport, profileLanguage: lang });
        for (const path of MAIN_PAGES) {
          await page.goto(`${server.url}${path}`);
          await page.locator('main h1').first().waitFor();
          await settled(page);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          expect(await overflowsHorizontally(page), `${path} is wider than the screen`).toBe(false);
          expect(await axeViolations(page), `accessibility of ${path}`).toEqual([]);
          if (lang === 'fr') {
            const text = await page.locator('body').innerText();
            expect(text.match(ENGLISH)?.[0], `English on ${path}`).toBeUndefined();
          }
          await screenshot(
            page,
            `shell-${lang}-${device}${path === '/' ? '-home' : path.replaceAll('/', '-')}`,
          );
        }
        expect(problems).toEqual([]);
      }, 240_000);
    }
  }
});

describe.skipIf(!hasChromium)('pages for visitors', () => {
  for (const [device, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`in French on a ${device}: all French, fit the screen, accessible`, async () => {
      const { page, problems } = await open({ locale: 'fr-FR', viewport });
      for (const path of ['/sign-in', '/sign-up', '/forgot-password', '/no-such-page']) {
        await page.goto(`${server.url}${path}`);
        await page.locator('main h1').first().waitFor();
        await settled(page);
        const text = await page.locator('body').innerText();
        expect(text.match(ENGLISH)?.[0], `English on ${path}`).toBeUndefined();
        expect(await overflowsHorizontally(page), `${path} is wider than the screen`).toBe(false);
        expect(await axeViolations(page), `accessibility of ${path}`).toEqual([]);
        await screenshot(page, `shell-fr-${device}${path.replaceAll('/', '-')}`);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe.skipIf(!hasChromium)('on a phone', () => {
  it('folds the navigation behind one button, which opens it and closes on a choice', async () => {
    const { page, problems } = await signedIn({ viewport: PHONE });
    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await nav.isVisible()).toBe(false);
    const header = await page.locator('header.topbar').boundingBox();
    expect(header?.height).toBeLessThan(80); // one row: the brand and the button
    await menu.click();
    await nav.waitFor();
    await screenshot(page, 'shell-en-phone-menu-open');
    expect(await axeViolations(page)).toEqual([]);
    await nav.getByRole('link', { name: 'Devices' }).click();
    await page.waitForURL('**/devices');
    await nav.waitFor({ state: 'hidden' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(problems).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('dark mode', () => {
  for (const [device, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`follows the system's setting, with readable contrast (${device})`, async () => {
      const { page, problems } = await signedIn({ dark: true, viewport });
      const background = await page.evaluate(
        () => getComputedStyle(document.documentElement).backgroundColor,
      );
      const [r = 255, g = 255, b = 255] = background.match(/\d+/g)?.map(Number) ?? [];
      expect(r + g + b, background).toBeLessThan(120);
      for (const path of ['/', '/security', '/account']) {
        await page.goto(`${server.url}${path}`);
        await page.locator('main h1').first().waitFor();
        await settled(page);
        expect(await axeViolations(page), `accessibility of ${path} in dark mode`).toEqual([]);
        await screenshot(page, `shell-dark-${device}${path === '/' ? '-home' : path.replaceAll('/', '-')}`);
      }
      const { page: signUp } = await open({ dark: true, viewport });
      await signUp.goto(`${server.url}/sign-up`);
      await settled(signUp);
      expect(await axeViolations(signUp)).toEqual([]);
      await screenshot(signUp, `shell-dark-${device}-sign-up`);
      expect(problems).toEqual([]);
    });
  }
});

describe.skipIf(!hasChromium)('languages', () => {
  it('keeps the language picked on the sign-in page after signing in, and saves it to the profile', async () => {
    await signedIn({ profileLanguage: 'en' });
    const { page, problems } = await open();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Se connecter' }).waitFor();
    await page.getByLabel('E-mail', { exact: true }).fill(account.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${server.url}/`);
    await settled(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    const me = await page.evaluate(async () => (await (await fetch('/api/me')).json()) as { locale: string });
    expect(me.locale).toBe('fr');
    // French typography, as shown: a narrow no-break space before the question mark.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL('**/sign-in');
    const noAccount = await page.getByText('Nouveau sur Vitalbase').innerText();
    expect(noAccount).toContain('Vitalbase\u202f?');
    expect(problems).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('when the server goes away', () => {
  it('keeps the navigation, says so, retries on its own and recovers when the server is back', async () => {
    const { page, problems } = await signedIn();
    await page.goto(`${server.url}/goals`);
    await page.locator('main h1').waitFor();
    await settled(page);
    const banner = page.getByTestId('connection-banner');
    expect(await banner.getAttribute('role')).toBe('status');
    expect((await banner.innerText()).trim()).toBe('');

    await server.halt();
    // A page opened during the outage, from the navigation that stays on screen.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).click();
    await banner.getByText('Vitalbase cannot be reached right now').waitFor({ timeout: 20_000 });
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    // A failed load is said as such, never as an empty list.
    await page.getByText('The server cannot be reached').first().waitFor({ timeout: 20_000 });
    expect(await page.getByText('No device is paired yet.').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'shell-en-desktop-server-away');

    await server.resume();
    await banner.getByText('Connected again.').waitFor({ timeout: 60_000 });
    await page.getByText('No device is paired yet.').waitFor({ timeout: 20_000 });
    expect(await page.getByText('The server cannot be reached').count()).toBe(0);
    await screenshot(page, 'shell-en-desktop-server-back');
    // The browser reports the refused connections as failed loads: those are the outage itself.
    expect(problems.filter((p) => !/ERR_CONNECTION_REFUSED|Failed to fetch/.test(p))).toEqual([]);
  }, 180_000);
});

describe.skipIf(!hasChromium)('forms and emailed links', () => {
  it('every field refused names itself: marked invalid and described by its message', async () => {
    const { page, problems } = await open({ viewport: PHONE });
    await page.goto(`${server.url}/sign-up`);
    await page.getByRole('button', { name: 'Create my account' }).click();
    const invalid = page.locator('[aria-invalid="true"]');
    await invalid.first().waitFor();
    expect(await invalid.count()).toBeGreaterThan(1);
    for (const field of await invalid.all()) {
      const ids = (await field.getAttribute('aria-describedby'))?.split(' ') ?? [];
      const messages = await Promise.all(ids.map((id) => page.locator(`[id="${id}"].field-error`).count()));
      expect(
        messages.some((n) => n === 1),
        `${await field.getAttribute('name')} points at its message`,
      ).toBe(true);
    }
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('an expired link offers a button that sends a new one; a security alert opens the security page', async () => {
    const { page, problems } = await open();
    await page.goto(`${server.url}/forgot-password`);
    await page.getByLabel('Email', { exact: true }).fill(account.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    const mail = await server.smtp.waitFor(account.email, {
      subject: /reset your password/i,
      timeoutMs: 15_000,
    });
    const link = server.smtp.linkIn(mail);
    await page.goto(link);
    account.password = 'another horse battery 43';
    await page.getByLabel('New password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('Your password is changed').waitFor();

    // The alert mailed for the change links to the security page, which opens signed in.
    const alert = await server.smtp.waitFor(account.email, {
      subject: /password was changed/i,
      timeoutMs: 15_000,
    });
    const securityLink = alert.text
      .match(/https?:\/\/\S+/g)
      ?.find((u) => new URL(u).pathname === '/security');
    expect(securityLink, alert.text).toBe(`${server.url}/security`);

    // The used link again: the page says so and sends a new one from the same place.
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('yet another horse 44');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByRole('alert').getByText('This link has expired or was already used').waitFor();
    await page.getByLabel('Email', { exact: true }).fill(account.email);
    await page.getByRole('button', { name: 'Send me a new link' }).click();
    await page.getByText('a new link is on its way').waitFor();
    await server.smtp.waitFor(account.email, { subject: /reset your password/i, timeoutMs: 15_000 });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'shell-en-desktop-new-link-sent');
    expect(problems).toEqual([]);

    const { page: signedInPage, problems: more } = await signedIn();
    await signedInPage.goto(securityLink ?? '');
    await signedInPage.getByRole('heading', { name: 'Security', level: 1 }).waitFor();
    expect(more).toEqual([]);
  });
});
