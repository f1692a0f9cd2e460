import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { typography } from './typography';
import type { LocaleFile } from './types';

/** Every file in ./locales is a language: adding a language is adding one file there. */
const files = import.meta.glob<{ default: LocaleFile }>('./locales/*.ts', { eager: true });

export const languages = Object.entries(files)
  .map(([file, mod]) => ({ code: file.replace(/^.*\/|\.ts$/g, ''), name: mod.default.name }))
  .sort((a, b) => a.code.localeCompare(b.code));

const codes = languages.map((l) => l.code);
const STORAGE_KEY = 'vitalbase.language';
/** Set when a visitor picks a language before signing in: it then wins over the profile's (app/AppShell). */
const CHOSEN_KEY = 'vitalbase.language.chosen';

/** The closest supported language: one chosen before, else the browser's, else English. */
function pickLanguage(wanted: readonly string[]): string {
  for (const tag of wanted) {
    const lower = tag.toLowerCase();
    const found = codes.find((c) => c === lower) ?? codes.find((c) => c === lower.split('-')[0]);
    if (found) return found;
  }
  return 'en';
}

/**
 * The language a partner app asked for (OpenID Connect ui_locales), which the authorization server
 * passes to the consent page it sends the browser to (server/src/features/oauth/oidc-provider.ts). For
 * this visit only, not remembered: once signed in, the account's language wins (useAccountLanguage).
 */
function askedByPartnerApp(): string[] {
  if (!window.location.pathname.startsWith('/oauth/consent/')) return [];
  const asked = new URLSearchParams(window.location.search).get('ui_locales');
  return asked ? asked.split(' ') : [];
}

function initialLanguage(): string {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage may be disabled; the browser's languages still apply
  }
  return pickLanguage([...askedByPartnerApp(), ...(saved ? [saved] : []), ...navigator.languages]);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

// Resources are bundled, so initialising synchronously means the first render is already translated.
void i18n
  .use(initReactI18next)
  .use(typography)
  .init({
    resources: Object.fromEntries(
      Object.entries(files).map(([file, mod]) => [
        file.replace(/^.*\/|\.ts$/g, ''),
        { translation: mod.default.messages },
      ]),
    ),
    lng: initialLanguage(),
    fallbackLng: 'en',
    supportedLngs: codes,
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
    initAsync: false,
    postProcess: ['typography'],
  });

/** Switches the interface language and remembers it for the next visit. */
export async function setLanguage(code: string) {
  const lng = pickLanguage([code]);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // not remembered, but still switched
  }
  if (i18n.language !== lng) await i18n.changeLanguage(lng);
}

/** A language picked on a public page (sign-in, sign-up): remembered, and kept once signed in. */
export async function chooseLanguageBeforeSignIn(code: string) {
  try {
    localStorage.setItem(CHOSEN_KEY, '1');
  } catch {
    // the profile's language will apply after signing in
  }
  await setLanguage(code);
}

/**
 * After signing in: the language picked before it, if any (the caller saves it to the profile), and
 * forgets that it was picked, so from then on the profile's language is the one that applies.
 */
export function takeLanguageChosenBeforeSignIn(): string | null {
  try {
    if (localStorage.getItem(CHOSEN_KEY) !== '1') return null;
    localStorage.removeItem(CHOSEN_KEY);
    return i18n.language;
  } catch {
    return null;
  }
}
