import { UAParser } from 'ua-parser-js';

export interface DeviceDescription {
  browser: string;
  os: string;
  device: string;
}

/** "Chrome 126", "macOS 14", "desktop": what the sessions page shows instead of a raw user agent. */
export function describeUserAgent(userAgent: string | null | undefined): DeviceDescription {
  if (!userAgent) return { browser: 'Unknown browser', os: 'Unknown system', device: 'unknown' };
  const r = UAParser(userAgent);
  const browser = r.browser.name
    ? [r.browser.name, r.browser.major].filter(Boolean).join(' ')
    : 'Unknown browser';
  const os = r.os.name ? [r.os.name, r.os.version].filter(Boolean).join(' ') : 'Unknown system';
  const model = [r.device.vendor, r.device.model].filter(Boolean).join(' ');
  const device = model || r.device.type || 'desktop';
  return { browser, os, device };
}
