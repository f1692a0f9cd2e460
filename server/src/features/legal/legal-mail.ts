import { mailTime } from '../../lib/local-time';
import { mailCatalogIn } from '../../lib/mail-language';

interface Disclosure {
  authority: string;
  legalBasis: string;
  scope: string[];
  disclosedAt: Date;
}

/**
 * The legal feature's mail: who received which categories of the user's data, never the data. The
 * authority and legal basis are the officer's words, passed as written.
 */
const en = {
  disclosed(displayName: string, d: Disclosure, privacyUrl: string, zone: string) {
    return {
      subject: 'Vitalbase: we had to disclose some of your data to an authority',
      text: [
        `Hello ${displayName},`,
        '',
        `On ${mailTime(d.disclosedAt, zone)} we disclosed data of your account to ${d.authority}, as the law`,
        `required of us (${d.legalBasis}).`,
        '',
        `What was concerned: ${d.scope.join(', ')}.`,
        '',
        'It is listed in "Who accessed my data" in your privacy center:',
        privacyUrl,
      ].join('\n'),
    };
  },
};

const fr: typeof en = {
  disclosed(displayName, d, privacyUrl, zone) {
    return {
      subject: 'Vitalbase : nous avons dû communiquer certaines de vos données à une autorité',
      text: [
        `Bonjour ${displayName},`,
        '',
        `Le ${mailTime(d.disclosedAt, zone, 'fr')}, nous avons communiqué des données de votre compte à ${d.authority},`,
        `comme la loi nous y obligeait (${d.legalBasis}).`,
        '',
        `Ce qui était concerné : ${d.scope.join(', ')}.`,
        '',
        'Cela figure dans « Qui a accédé à mes données » de votre espace confidentialité :',
        privacyUrl,
      ].join('\n'),
    };
  },
};

/** The legal mails in the account's language (lib/mail-language.ts). */
export const legalMailsIn = (locale: string | null | undefined) => mailCatalogIn(locale, { en, fr });
