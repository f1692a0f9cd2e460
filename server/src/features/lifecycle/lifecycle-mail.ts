import { mailTime } from '../../lib/local-time';

/** The account lifecycle's mails (docs/lifecycle.md): dates, reasons and links, never health data. */
export const lifecycleMails = {
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

  maintenance(startsAt: Date, endsAt: Date, messageEn: string, messageFr: string, zone: string) {
    return {
      subject: 'Vitalbase: scheduled maintenance / maintenance programmée',
      text: [
        `Vitalbase will be under maintenance from ${mailTime(startsAt, zone)} to ${mailTime(endsAt, zone)}.`,
        'You can still read your data; changes and device syncs wait until it ends (devices keep their',
        'measurements and send them afterwards: nothing is lost).',
        '',
        messageEn,
        '',
        '—',
        '',
        `Vitalbase sera en maintenance du ${mailTime(startsAt, zone)} au ${mailTime(endsAt, zone)}.`,
        'Vos données restent lisibles ; les modifications et les synchronisations attendent la fin',
        '(les appareils gardent leurs mesures et les envoient ensuite : rien n’est perdu).',
        '',
        messageFr,
      ].join('\n'),
    };
  },
};
