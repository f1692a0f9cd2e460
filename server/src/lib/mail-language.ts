/**
 * The language of a mail: the account's locale (users.locale), French or English, as the web app
 * speaks. Every feature's mails go through here (first written for the account mails, commit 016dcde):
 * a feature keeps an English catalog and a French one of the same shape, and `mailCatalogIn` picks one.
 * A mail to an address without an account (a clinic's invitation) takes the language of whoever sent
 * it, else English.
 */
export type MailLanguage = 'en' | 'fr';

/** The language a mail is written in for an account's locale (the languages of the web app). */
export function mailLanguage(locale: string | null | undefined): MailLanguage {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** French spacing: the space before « : ; ? ! » and inside « » does not break (web/src/i18n/typography.ts). */
export function frenchSpacing(text: string): string {
  return text.replace(/ ([:;?!»])/g, '\u00a0$1').replace(/« /g, '«\u00a0');
}

interface Mail {
  subject: string;
  text: string;
}
type Catalog = Record<string, (...args: never[]) => Mail>;

const spaced = new WeakMap<object, object>();

/** A French catalog as written, with French spacing applied to every mail it makes. */
function withFrenchSpacing<T extends Catalog>(written: T): T {
  const known = spaced.get(written);
  if (known) return known as T;
  const out = Object.fromEntries(
    Object.entries(written).map(([name, template]) => [
      name,
      (...args: never[]) => {
        const mail = template(...args);
        return { ...mail, subject: frenchSpacing(mail.subject), text: frenchSpacing(mail.text) };
      },
    ]),
  ) as T;
  spaced.set(written, out);
  return out;
}

/** A feature's mails in a locale: the French catalog (spaced) for 'fr' and 'fr-…', else the English. */
export function mailCatalogIn<T extends Catalog>(
  locale: string | null | undefined,
  catalogs: { en: T; fr: T },
): T {
  return mailLanguage(locale) === 'fr' ? withFrenchSpacing(catalogs.fr) : catalogs.en;
}
