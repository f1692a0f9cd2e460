import { describe, expect, it } from 'vitest';
import en from './locales/en';
import fr from './locales/fr';
import { frenchSpacing } from './typography';

/** key path → string, for every leaf of a messages tree. */
function leaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v as object, key)) out.set(kk, vv);
  }
  return out;
}

const english = leaves(en.messages);
const french = leaves(fr.messages);

/** French strings that are rightly the English ones: the same word in both languages, or symbols. */
const sameInFrench = new Set([
  // the same word in French
  'nav.menu',
  'lifecycle.admin.maintenance',
  'lifecycle.admin.suspensions',
  'account.notifications.title',
  'fields.dateParts.month', // "mm": mois
  'health.metrics.distance',
  'health.units.distance',
  'health.environment.comfort.fair',
  'health.reading.source',
  'health.reading.note',
  'privacy.accessLog.actors.support',
  'nav.admin', // "Console"
  'admin.firmware.version', // "Version"
  'privacy.cookies.title',
  'privacy.cookies.footerLink',
  'privacy.cookies.marketing',
  'webhooks.title',
  'policies.list.version',
  'policies.versionLabel',
  'clinics.timeLog.minutes',
  'clinics.timeLog.note',
  'clinics.timeLog.actions',
  'clinics.report.patient',
  'clinics.report.minutes',
  // units, symbols and names of standards
  'goals.units.kg',
  'goals.units.lb',
  'goals.units.st',
  'health.units.names.st',
  'health.units.names.mi',
  'health.metrics.co2',
  'health.duration',
  'health.bp.reading',
  'health.bp.pulseValue',
  'health.sleep.scoreValue',
  'health.sleep.minutes',
  'clinics.timeLog.minutesValue_one',
  'clinics.timeLog.minutesValue_other',
  'developer.form.pkce',
]);

describe('French is complete', () => {
  it('every French string is translated (or listed above as the same in both languages)', () => {
    const untranslated = [...french].filter(
      ([key, text]) => text === english.get(key) && !sameInFrench.has(key),
    );
    expect(untranslated.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it('the list of same-in-both strings holds only strings that are the same', () => {
    expect([...sameInFrench].filter((key) => french.get(key) !== english.get(key))).toEqual([]);
  });
});

describe('French typography', () => {
  it('puts no-break spaces before : ; ? ! », after «, and between a number and its unit', () => {
    expect(frenchSpacing('Vous avez déjà un compte ?')).toBe('Vous avez déjà un compte\u202f?');
    expect(frenchSpacing('Attention : 12 caractères ; « mot » !')).toBe(
      'Attention\u00a0: 12\u00a0caractères\u202f; «\u00a0mot\u202f»\u202f!',
    );
    expect(frenchSpacing('5 h 30 min, 80 %, 37 °C')).toBe('5\u00a0h 30\u00a0min, 80\u00a0%, 37\u00a0°C');
  });

  it('adds no space where none was written (an address keeps its ? and :)', () => {
    expect(frenchSpacing('https://example.org/a?token=x')).toBe('https://example.org/a?token=x');
  });

  it('leaves no breaking space before French punctuation in any string as shown', () => {
    const breaking = [...french]
      .map(([key, text]) => [key, frenchSpacing(text.replace(/\{\{\w+\}\}/g, '1'))] as const)
      .filter(([, text]) => / [:;?!»]|« /.test(text));
    expect(breaking).toEqual([]);
  });
});
