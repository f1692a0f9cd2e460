import type { PolicyDocument } from '@vitalbase/core';
import { mailCatalogIn } from '../../lib/mail-language';

const names: Record<PolicyDocument, string> = { privacy: 'privacy policy', terms: 'terms of use' };
/** "Our … changes", with the French article and agreement of each document's name. */
const changes: Record<PolicyDocument, string> = {
  privacy: 'notre politique de confidentialité change',
  terms: 'nos conditions d’utilisation changent',
};

interface Announcement {
  displayName: string;
  document: PolicyDocument;
  effectiveDate: string;
  summary: string;
  /** The version exists in English only: a French reader is told so. */
  englishOnly: boolean;
  url: string;
}

/** The policies feature's mail: the operator's summary, the date and a link; nothing about the user. */
const en = {
  announcement: (p: Announcement) => ({
    subject: `Vitalbase: our ${names[p.document]} changes on ${p.effectiveDate}`,
    text: [
      `Hello ${p.displayName},`,
      '',
      `Our ${names[p.document]} changes on ${p.effectiveDate}. In short:`,
      '',
      p.summary,
      '',
      'Read the new version and what changed here:',
      p.url,
      '',
      'From that date we will ask you to accept it before you go on using Vitalbase. You can accept it',
      'now, or close your account at any time if you do not agree.',
      '',
      'We send this message to every user: it is about our contract with you, not an offer.',
    ].join('\n'),
  }),
};

const fr: typeof en = {
  announcement: (p) => ({
    subject: `Vitalbase : ${changes[p.document]} le ${p.effectiveDate}`,
    text: [
      `Bonjour ${p.displayName},`,
      '',
      `${changes[p.document].replace(/^n/, 'N')} le ${p.effectiveDate}. En bref :`,
      '',
      p.summary,
      ...(p.englishOnly ? ['', 'Cette version du texte n’existe qu’en anglais.'] : []),
      '',
      'Lisez la nouvelle version et ce qui a changé ici :',
      p.url,
      '',
      'À partir de cette date, nous vous demanderons de l’accepter avant de continuer à utiliser',
      'Vitalbase. Vous pouvez l’accepter dès maintenant, ou fermer votre compte à tout moment si vous',
      'n’êtes pas d’accord.',
      '',
      'Nous envoyons ce message à chaque utilisateur : il concerne notre contrat avec vous, ce n’est pas une offre.',
    ].join('\n'),
  }),
};

/** The announcement in the account's language (lib/mail-language.ts). */
export const policyMailsIn = (locale: string | null | undefined) => mailCatalogIn(locale, { en, fr });
