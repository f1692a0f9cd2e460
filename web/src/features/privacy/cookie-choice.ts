import {
  COOKIE_CHOICE_COOKIE,
  type CookiePreferences,
  decodeCookieChoice,
  encodeCookieChoice,
} from '@vitalbase/core/consents';
import { useSyncExternalStore } from 'react';

/**
 * The visitor's cookie choice, kept in the essential `vb_cookie_choice` cookie (P15). Nothing but
 * essential cookies exists before a choice; the app sets no analytical, social-media or marketing
 * cookie at all today, and any it ever adds must check `currentCookieChoice()` first.
 */
const ONE_YEAR_S = 365 * 24 * 3600;

export function currentCookieChoice(): CookiePreferences | null {
  const raw = document.cookie
    .split('; ')
    .find((c) => c.startsWith(`${COOKIE_CHOICE_COOKIE}=`))
    ?.slice(COOKIE_CHOICE_COOKIE.length + 1);
  return decodeCookieChoice(raw ? decodeURIComponent(raw) : null);
}

export function rememberCookieChoice(prefs: CookiePreferences) {
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser we support
  document.cookie = `${COOKIE_CHOICE_COOKIE}=${encodeCookieChoice(prefs)}; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax${secure}`;
  notify();
}

// A tiny store: whether the banner is open (no choice yet, or reopened from the footer link).
let reopened = false;
const listeners = new Set<() => void>();
function notify() {
  for (const l of listeners) l();
}
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function openCookieSettings() {
  reopened = true;
  notify();
}
export function closeCookieSettings() {
  reopened = false;
  notify();
}

/** True while the banner should show. */
export function useCookieBannerOpen(): boolean {
  return useSyncExternalStore(subscribe, () => reopened || currentCookieChoice() === null);
}
