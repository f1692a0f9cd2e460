import { mailTime } from '../../lib/local-time';
import { mailCatalogIn } from '../../lib/mail-language';

interface RequestedMail {
  displayName: string;
  cancelUrl: string;
  purgeAfter: Date;
  timeZone: string;
}
interface ReceiptMail {
  requestedAt: Date;
  purgedAt: Date;
  timeZone: string;
}

/** The erasure feature's mails: no health data, only dates and the cancel link. */
const en = {
  requested: (p: RequestedMail) => ({
    subject: 'Vitalbase: your account will be deleted',
    text: [
      `Hello ${p.displayName},`,
      '',
      'You asked us to delete your Vitalbase account. It is closed now: you are signed out everywhere,',
      'your access tokens no longer work and your devices are unpaired.',
      '',
      `Everything we hold about you will be deleted after ${mailTime(p.purgeAfter, p.timeZone)}.`,
      'Changed your mind? Until then, you can keep your account with this link:',
      p.cancelUrl,
      '',
      'If you did not ask for this, follow the link now and then change your password.',
    ].join('\n'),
  }),

  receipt: (p: ReceiptMail) => ({
    subject: 'Vitalbase: your account has been deleted',
    text: [
      'Hello,',
      '',
      // Worded for every closure (the user's request, inactivity, a suspension, a court order).
      `Your Vitalbase account, closed on ${mailTime(p.requestedAt, p.timeZone)}, and everything we held about`,
      `you have been deleted on ${mailTime(p.purgedAt, p.timeZone)}. This is the last message you will get from us;`,
      'this address is deleted too. You are welcome to sign up again at any time.',
    ].join('\n'),
  }),
};

const fr: typeof en = {
  requested: (p) => ({
    subject: 'Vitalbase : votre compte va être supprimé',
    text: [
      `Bonjour ${p.displayName},`,
      '',
      'Vous nous avez demandé de supprimer votre compte Vitalbase. Il est fermé : vous êtes déconnecté',
      'partout, vos jetons d’accès ne fonctionnent plus et vos appareils sont dissociés.',
      '',
      `Tout ce que nous détenons sur vous sera supprimé après le ${mailTime(p.purgeAfter, p.timeZone, 'fr')}.`,
      'Vous avez changé d’avis ? D’ici là, vous pouvez garder votre compte avec ce lien :',
      p.cancelUrl,
      '',
      'Si vous n’avez rien demandé, suivez le lien maintenant, puis changez votre mot de passe.',
    ].join('\n'),
  }),

  receipt: (p) => ({
    subject: 'Vitalbase : votre compte a été supprimé',
    text: [
      'Bonjour,',
      '',
      `Votre compte Vitalbase, fermé le ${mailTime(p.requestedAt, p.timeZone, 'fr')}, et tout ce que nous détenions sur`,
      `vous ont été supprimés le ${mailTime(p.purgedAt, p.timeZone, 'fr')}. C’est le dernier message que vous recevrez de`,
      'notre part ; cette adresse est supprimée elle aussi. Vous pouvez vous réinscrire à tout moment.',
    ].join('\n'),
  }),
};

/** The erasure mails in the account's language (lib/mail-language.ts). */
export const erasureMailsIn = (locale: string | null | undefined) => mailCatalogIn(locale, { en, fr });
