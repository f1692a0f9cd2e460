import { describe, expect, it } from 'vitest';
import { frenchSpacing, mailCatalogIn, mailLanguage } from './mail-language';

const en = { hello: (name: string) => ({ subject: 'Hello: news', text: `Hello ${name}: ok?` }) };
const fr: typeof en = {
  hello: (name) => ({ subject: 'Bonjour : nouvelles', text: `Bonjour ${name} : « ok » ?` }),
};

describe('the language of a mail', () => {
  it('is French for fr and fr-…, English for anything else or nothing', () => {
    expect(['fr', 'fr-FR', 'FR-ca'].map(mailLanguage)).toEqual(['fr', 'fr', 'fr']);
    expect(['en', 'de-DE', '', null, undefined].map(mailLanguage)).toEqual(['en', 'en', 'en', 'en', 'en']);
  });

  it('picks the French catalog with French spacing, the English one as written', () => {
    expect(mailCatalogIn('fr-FR', { en, fr }).hello('Marie')).toEqual({
      subject: 'Bonjour\u00a0: nouvelles',
      text: 'Bonjour Marie\u00a0: «\u00a0ok\u00a0»\u00a0?',
    });
    expect(mailCatalogIn('en-GB', { en, fr }).hello('Alice')).toEqual(en.hello('Alice'));
    // One spaced catalog per French catalog, made once.
    expect(mailCatalogIn('fr', { en, fr })).toBe(mailCatalogIn('fr', { en, fr }));
    expect(frenchSpacing('a ; b !')).toBe('a\u00a0; b\u00a0!');
  });
});
