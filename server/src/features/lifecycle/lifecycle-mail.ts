import { mailTime } from '../../lib/local-time';
import { mailCatalogIn, mailLanguage } from '../../lib/mail-language';

/**
 * The account lifecycle's mails (docs/lifecycle.md): dates, reasons and links, never health data. In
 * the account's language; a maintenance notice carries the operator's message in that language.
 */
const lifecycleMails = {
  inactivityNotice(displayName: string, closeOn: Date, daysLeft: number, signInUrl: string, zone: string) {
    return {
      subject: `Vitalbase: your account will be closed in ${daysLeft} days`,
      text: [
        `Hello ${displayName},`,
        '',
        'Your Vitalbase account has not been used for a long time. As our terms say, an account nobody',
        `uses is closed: yours will be closed on ${mailTime(closeOn, zone)}, then deleted with all its data.`,
        '',
        'To keep it, just sign in (or let one of your devices sync) before then:',
        signInUrl,
        '',
        'To keep a copy of your data first, sign in and use "Download my data" in the privacy center.',
      ].join('\n'),
    };
  },

  closedForInactivity(displayName: string, purgeAfter: Date, cancelUrl: string, zone: string) {
    return {
      subject: 'Vitalbase: your account was closed after years without use',
      text: [
        `Hello ${displayName},`,
        '',
        'Your Vitalbase account was not used for the period our terms set, so it is closed now.',
        `Everything we hold about you will be deleted after ${mailTime(purgeAfter, zone)}.`,
        'To keep your account after all, follow this link before then:',
        cancelUrl,
      ].join('\n'),
    };
  },

  suspended(displayName: string, reason: string, rectifyBy: Date, answerUrl: string, zone: string) {
    return {
      subject: 'Vitalbase: your account is suspended',
      text: [
        `Hello ${displayName},`,
        '',
        'Your Vitalbase account is suspended while we verify a serious breach of our terms. The reason:',
        '',
        reason,
        '',
        `You may answer until ${mailTime(rectifyBy, zone)}: sign in and open a support request, or go to`,
        answerUrl,
        'While suspended you can still sign in, answer us and download your data. If nothing is put',
        'right by that date, the account will be closed and its data deleted.',
      ].join('\n'),
    };
  },

  lifted(displayName: string) {
    return {
      subject: 'Vitalbase: your account is no longer suspended',
      text: [
        `Hello ${displayName},`,
        '',
        'The suspension of your Vitalbase account is lifted: everything works again as before,',
        'your devices, apps and shares included.',
      ].join('\n'),
    };
  },

  closedBySuspension(displayName: string, reason: string, purgeAfter: Date, zone: string) {
    return {
      subject: 'Vitalbase: your account is closed',
      text: [
        `Hello ${displayName},`,
        '',
        `Your Vitalbase account is closed: ${reason}`,
        `Everything we hold about you will be deleted after ${mailTime(purgeAfter, zone)}.`,
        'If you believe this is a mistake, write to our privacy contact before then.',
      ].join('\n'),
    };
  },

  maintenance(startsAt: Date, endsAt: Date, message: string, zone: string) {
    return {
      subject: 'Vitalbase: scheduled maintenance',
      text: [
        `Vitalbase will be under maintenance from ${mailTime(startsAt, zone)} to ${mailTime(endsAt, zone)}.`,
        'You can still read your data; changes and device syncs wait until it ends (devices keep their',
        'measurements and send them afterwards: nothing is lost).',
        '',
        message,
      ].join('\n'),
    };
  },
};

const fr = (at: Date, zone: string) => mailTime(at, zone, 'fr');

/** The same mails in French; the staff's own words (a reason, a message) are passed as written. */
const lifecycleMailsFr: typeof lifecycleMails = {
  inactivityNotice(displayName, closeOn, daysLeft, signInUrl, zone) {
    return {
      subject: `Vitalbase : votre compte sera fermé dans ${daysLeft} jours`,
      text: [
        `Bonjour ${displayName},`,
        '',
        'Votre compte Vitalbase n’a pas été utilisé depuis longtemps. Comme le prévoient nos conditions, un',
        `compte que personne n’utilise est fermé : le vôtre le sera le ${fr(closeOn, zone)}, puis supprimé avec toutes ses données.`,
        '',
        'Pour le garder, il suffit de vous connecter (ou de laisser un de vos appareils se synchroniser) d’ici là :',
        signInUrl,
        '',
        'Pour garder d’abord une copie de vos données, connectez-vous et utilisez « Télécharger mes données » dans l’espace confidentialité.',
      ].join('\n'),
    };
  },

  closedForInactivity(displayName, purgeAfter, cancelUrl, zone) {
    return {
      subject: 'Vitalbase : votre compte a été fermé après des années sans utilisation',
      text: [
        `Bonjour ${displayName},`,
        '',
        'Votre compte Vitalbase n’a pas été utilisé pendant la durée fixée par nos conditions : il est donc fermé.',
        `Tout ce que nous détenons sur vous sera supprimé après le ${fr(purgeAfter, zone)}.`,
        'Pour garder votre compte malgré tout, suivez ce lien d’ici là :',
        cancelUrl,
      ].join('\n'),
    };
  },

  suspended(displayName, reason, rectifyBy, answerUrl, zone) {
    return {
      subject: 'Vitalbase : votre compte est suspendu',
      text: [
        `Bonjour ${displayName},`,
        '',
        'Votre compte Vitalbase est suspendu le temps de vérifier un manquement grave à nos conditions. La raison :',
        '',
        reason,
        '',
        `Vous pouvez répondre jusqu’au ${fr(rectifyBy, zone)} : connectez-vous et ouvrez une demande d’assistance, ou allez sur`,
        answerUrl,
        'Pendant la suspension, vous pouvez toujours vous connecter, nous répondre et télécharger vos données. Si rien',
        'n’est corrigé à cette date, le compte sera fermé et ses données supprimées.',
      ].join('\n'),
    };
  },

  lifted(displayName) {
    return {
      subject: 'Vitalbase : votre compte n’est plus suspendu',
      text: [
        `Bonjour ${displayName},`,
        '',
        'La suspension de votre compte Vitalbase est levée : tout fonctionne à nouveau comme avant,',
        'vos appareils, applications et partages compris.',
      ].join('\n'),
    };
  },

  closedBySuspension(displayName, reason, purgeAfter, zone) {
    return {
      subject: 'Vitalbase : votre compte est fermé',
      text: [
        `Bonjour ${displayName},`,
        '',
        `Votre compte Vitalbase est fermé : ${reason}`,
        `Tout ce que nous détenons sur vous sera supprimé après le ${fr(purgeAfter, zone)}.`,
        'Si vous pensez qu’il s’agit d’une erreur, écrivez à notre contact confidentialité d’ici là.',
      ].join('\n'),
    };
  },

  maintenance(startsAt, endsAt, message, zone) {
    return {
      subject: 'Vitalbase : maintenance programmée',
      text: [
        `Vitalbase sera en maintenance du ${fr(startsAt, zone)} au ${fr(endsAt, zone)}.`,
        'Vos données restent lisibles ; les modifications et les synchronisations attendent la fin',
        '(les appareils gardent leurs mesures et les envoient ensuite : rien n’est perdu).',
        '',
        message,
      ].join('\n'),
    };
  },
};

/** The lifecycle mails in the account's language (lib/mail-language.ts). */
export const lifecycleMailsIn = (locale: string | null | undefined) =>
  mailCatalogIn(locale, { en: lifecycleMails, fr: lifecycleMailsFr });

/** The operator's maintenance message in the account's language (both are required when scheduling). */
export const maintenanceMessageIn = (locale: string | null | undefined, en: string, fr: string) =>
  mailLanguage(locale) === 'fr' ? fr : en;
