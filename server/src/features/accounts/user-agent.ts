import { UAParser } from 'ua-parser-js';

export interface DeviceDescription {
  browser: string;
  os: string;
  device: string;
}

/**
 * "Chrome 126", "macOS 14", "desktop": what the sessions page shows instead of a raw user agent. What
 * the user agent did not say is '' (core's sessionSchema), so each reader words it in its own language
 * (the web app: "Navigateur inconnu"; the English mails: unknownBrowser below).
 */
export function describeUserAgent(userAgent: string | null | undefined): DeviceDescription {
  if (!userAgent) return { browser: '', os: '', device: '' };
  const r = UAParser(userAgent);
  const browser = r.browser.name ? [r.browser.name, r.browser.major].filter(Boolean).join(' ') : '';
  const os = r.os.name ? [r.os.name, r.os.version].filter(Boolean).join(' ') : '';
  const model = [r.device.vendor, r.device.model].filter(Boolean).join(' ');
  const device = model || r.device.type || 'desktop';
  return { browser, os, device };
}

/** "Chrome 126 on macOS 14" for an English mail, "an unknown browser" when the user agent did not say. */
export function browserInWords(ua: DeviceDescription): string {
  if (!ua.browser) return 'an unknown browser';
  return ua.os ? `${ua.browser} on ${ua.os}` : ua.browser;
}
