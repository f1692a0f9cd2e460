import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createTestApp, createTestUser, type TestApp } from '../../test/harness';
import {
  authorizeAndGetCode,
  pkcePair,
  registerTestPartnerApp,
  type TestPartnerApp,
} from '../../test/partner-harness';

let t: TestApp;
let app: TestPartnerApp;
beforeAll(async () => {
  t = await createTestApp();
  app = await registerTestPartnerApp(t, { scopes: ['user.metrics'], name: 'Scale <b>Companion</b>' });
});
afterAll(async () => {
  await t?.close();
});

const FRENCH = 'La demande de cette application ne peut pas aboutir';
const ENGLISH = 'This app’s request cannot be completed';

/**
 * An authorization request the server cannot send back to the app (its redirect URI is not the
 * registered one): the error page oidc-provider's renderError draws, from this browser.
 */
async function errorPage(
  browser: ApiClient,
  opts: { uiLocales?: string; acceptLanguage?: string; clientId?: string } = {},
) {
  const query = new URLSearchParams({
    client_id: opts.clientId ?? app.clientId,
    response_type: 'code',
    redirect_uri: 'https://elsewhere.example.test/callback',
    scope: 'user.metrics',
  });
  if (opts.uiLocales !== undefined) query.set('ui_locales', opts.uiLocales);
  const headers = opts.acceptLanguage ? { 'accept-language': opts.acceptLanguage } : {};
  const res = await browser.get(`/oauth/auth?${query}`, { headers });
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  return res.body;
}

const expectFrench = (page: string) => {
  expect(page).toContain('<html lang="fr">');
  expect(page).toContain(FRENCH);
  expect(page).not.toContain(ENGLISH);
};
const expectEnglish = (page: string) => {
  expect(page).toContain('<html lang="en">');
  expect(page).toContain(ENGLISH);
  expect(page).not.toContain(FRENCH);
};

describe('the language of the pages the OAuth server renders (OpenID Connect ui_locales)', () => {
  it('without anything else, follows the browser (Accept-Language), else English', async () => {
    expectFrench(await errorPage(t.client(), { acceptLanguage: 'fr-FR,fr;q=0.9,en;q=0.8' }));
    expectEnglish(await errorPage(t.client(), { acceptLanguage: 'de-DE,de;q=0.9' }));
    expectEnglish(await errorPage(t.client()));
  });

  it("the app's ui_locales wins over the browser: the first tag we speak, unsupported ones ignored", async () => {
    expectFrench(await errorPage(t.client(), { uiLocales: 'fr', acceptLanguage: 'en-GB,en;q=0.9' }));
    expectFrench(await errorPage(t.client(), { uiLocales: 'de-DE fr-CA en', acceptLanguage: 'en' }));
    expectEnglish(await errorPage(t.client(), { uiLocales: 'en fr', acceptLanguage: 'fr' }));
    // Nothing we speak in it: the browser's language decides.
    expectFrench(await errorPage(t.client(), { uiLocales: 'de ja', acceptLanguage: 'fr' }));
    // An unknown app: its parameters still decide the language of the page.
    expectFrench(await errorPage(t.client(), { uiLocales: 'fr', clientId: 'nope' }));
  });

  it("the signed-in account's language wins over ui_locales and the browser, while its session is valid", async () => {
    const french = await createTestUser(t, { locale: 'fr' });
    expectFrench(await errorPage(french.client, { uiLocales: 'en', acceptLanguage: 'en' }));
    const english = await createTestUser(t, { locale: 'en' });
    expectEnglish(await errorPage(english.client, { uiLocales: 'fr', acceptLanguage: 'fr' }));

    // Signed out (the cookie is kept, its session is gone): the request's ui_locales decides again.
    const cookie = french.client.getCookie('vb_session') ?? '';
    expect((await french.client.post('/api/auth/logout')).statusCode).toBeLessThan(300);
    const ended = t.client();
    ended.setCookie('vb_session', cookie);
    expectEnglish(await errorPage(ended, { uiLocales: 'en', acceptLanguage: 'fr' }));
    // A forged cookie is no one's.
    const forged = t.client();
    forged.setCookie('vb_session', `${french.user.id}.${'x'.repeat(40)}`);
    expectEnglish(await errorPage(forged, { uiLocales: 'en' }));
  });

  it('a hostile ui_locales is never echoed and chooses nothing but a language we speak', async () => {
    const hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)> fr';
    const page = await errorPage(t.client(), { uiLocales: hostile, acceptLanguage: 'en' });
    expectFrench(page);
    expect(page).not.toMatch(/<script|<img|onerror/i);
    expect(page).not.toContain('alert(');
    // Not a tag (it would break out of the html lang attribute): ignored, the browser decides.
    const tag = await errorPage(t.client(), { uiLocales: 'fr"onload="alert(3)', acceptLanguage: 'en' });
    expectEnglish(tag);
    expect(tag).not.toMatch(/onload|alert\(/);
    // Very long: not a list of preferences, ignored (the browser decides).
    expectEnglish(await errorPage(t.client(), { uiLocales: `${'x '.repeat(500)}fr`, acceptLanguage: 'en' }));
  });

  it('the sign-out pages (RP-initiated logout) follow the same order', async () => {
    const page = async (browser: ApiClient, url: string, acceptLanguage = 'en') => {
      const res = await browser.get(url, { headers: { 'accept-language': acceptLanguage } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      return res.body;
    };
    // The question, shown while oidc-provider remembers the authorization's login: the account's
    // language, then ui_locales (a hostile one chooses French and is not echoed), then the browser's.
    const user = await createTestUser(t, { locale: 'fr' });
    await authorizeAndGetCode(user, app, ['user.metrics']);
    const question = await page(user.client, '/oauth/session/end?ui_locales=en');
    expect(question).toContain('<html lang="fr">');
    expect(question).toContain('Oui, me déconnecter');
    expect(question).toContain('id="op.logoutForm"');
    expect(question).not.toContain('Yes, sign me out');
    // The same oidc-provider session in a browser no Vitalbase account is signed in to.
    const anonymous = t.client();
    for (const cookie of ['_session', '_session.sig', '_session.legacy', '_session.legacy.sig']) {
      const value = user.client.getCookie(cookie);
      if (value) anonymous.setCookie(cookie, value);
    }
    const hostile = encodeURIComponent('<script>alert(1)</script> fr');
    const asked = await page(anonymous, `/oauth/session/end?ui_locales=${hostile}`);
    expect(asked).toContain('Oui, me déconnecter');
    expect(asked).not.toMatch(/<script>|alert\(/);
    expect(await page(anonymous, '/oauth/session/end', 'fr')).toContain('Oui, me déconnecter');
    expect(await page(anonymous, '/oauth/session/end')).toContain('Yes, sign me out');

    // The page after signing out: the account's language, else the browser's; the app's name escaped.
    const done = await page(user.client, `/oauth/session/end/success?client_id=${app.clientId}`);
    expect(done).toContain('<html lang="fr">');
    expect(done).toContain('La déconnexion de Scale &#60;b&#62;Companion&#60;/b&#62; est faite.');
    expect(done).not.toContain('<b>');
    expect(await page(t.client(), '/oauth/session/end/success', 'fr-CA,fr;q=0.9')).toContain(
      'La déconnexion est faite.',
    );
    expect(await page(t.client(), '/oauth/session/end/success')).toContain('You are signed out.');
  });

  it("hands the consent page (the web app's) the language ui_locales asked for: one of ours, or none", async () => {
    const user = await createTestUser(t);
    const consentPage = async (uiLocales?: string) => {
      const query = new URLSearchParams({
        client_id: app.clientId,
        response_type: 'code',
        redirect_uri: app.redirectUri,
        scope: 'user.metrics',
        code_challenge: pkcePair().codeChallenge,
        code_challenge_method: 'S256',
      });
      if (uiLocales !== undefined) query.set('ui_locales', uiLocales);
      const res = await user.client.get(`/oauth/auth?${query}`);
      expect(res.statusCode, res.body).toBe(303);
      return new URL(String(res.headers.location), 'http://x');
    };
    const french = await consentPage('de fr-CA en');
    expect(french.pathname).toMatch(/^\/oauth\/consent\/[\w-]+$/);
    expect(french.search).toBe('?ui_locales=fr');
    expect((await consentPage('en-GB')).search).toBe('?ui_locales=en');
    expect((await consentPage()).search).toBe('');
    expect((await consentPage('de')).search).toBe('');
    expect((await consentPage('"><script>alert(1)</script>')).search).toBe('');
  });

  it('OpenID discovery lists the languages ui_locales may ask for', async () => {
    const res = await t.client().get('/.well-known/openid-configuration');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.ui_locales_supported).toEqual(['en', 'fr']);
    // oidc-provider's own defaults of the same option are kept.
    expect(doc.claim_types_supported).toEqual(['normal']);
    const metadata = await t.client().get('/.well-known/oauth-authorization-server');
    expect(metadata.json().ui_locales_supported).toEqual(['en', 'fr']);
  });
});
