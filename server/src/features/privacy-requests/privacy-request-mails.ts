import type { PrivacyRequestKind, PrivacyRequestStatus } from '@vitalbase/core';
import { mailCatalogIn } from '../../lib/mail-language';

const kinds: Record<PrivacyRequestKind, string> = {
  rectification: 'rectification',
  objection: 'objection',
  restriction: 'restriction of processing',
  access_question: 'question about your data',
  other: 'privacy request',
};
const statuses: Record<PrivacyRequestStatus, string> = {
  open: 'received',
  in_progress: 'being handled',
  done: 'done',
  refused: 'refused',
};

/**
 * Mails about a privacy request: its kind, dates and status, and a link to read it in the app. Neither
 * the user's message nor the answer is in the mail (either may mention health data); both are in the
 * privacy center, behind sign-in.
 */
const en = {
  received(p: { displayName: string; kind: PrivacyRequestKind; dueOn: string; url: string }) {
    return {
      subject: `Vitalbase: we received your ${kinds[p.kind]}`,
      text: [
        `Hello ${p.displayName},`,
        '',
        `We received your ${kinds[p.kind]}. We will answer by ${p.dueOn} at the latest (one month, as`,
        'the GDPR requires). You can follow it in your privacy center:',
        p.url,
      ].join('\n'),
    };
  },
  changed(p: { displayName: string; kind: PrivacyRequestKind; status: PrivacyRequestStatus; url: string }) {
    return {
      subject: `Vitalbase: your ${kinds[p.kind]} is ${statuses[p.status]}`,
      text: [
        `Hello ${p.displayName},`,
        '',
        `Your ${kinds[p.kind]} is now ${statuses[p.status]}.`,
        p.status === 'done' || p.status === 'refused'
          ? 'Read our answer in your privacy center (sign-in needed):'
          : 'Follow it in your privacy center (sign-in needed):',
        p.url,
        ...(p.status === 'refused'
          ? ['', 'If you disagree, you may lodge a complaint with your data protection authority.']
          : []),
      ].join('\n'),
    };
  },
};

// Every kind is feminine in French (demande, opposition, question): one agreement for the statuses.
const sortes: Record<PrivacyRequestKind, string> = {
  rectification: 'demande de rectification',
  objection: 'opposition',
  restriction: 'demande de limitation du traitement',
  access_question: 'question sur vos données',
  other: 'demande relative à vos données',
};
const etats: Record<PrivacyRequestStatus, string> = {
  open: 'reçue',
  in_progress: 'en cours de traitement',
  done: 'traitée',
  refused: 'refusée',
};

const fr: typeof en = {
  received(p) {
    return {
      subject: `Vitalbase : nous avons reçu votre ${sortes[p.kind]}`,
      text: [
        `Bonjour ${p.displayName},`,
        '',
        `Nous avons reçu votre ${sortes[p.kind]}. Nous y répondrons au plus tard le ${p.dueOn} (un mois, comme`,
        'l’exige le RGPD). Vous pouvez la suivre dans votre espace confidentialité :',
        p.url,
      ].join('\n'),
    };
  },
  changed(p) {
    return {
      subject: `Vitalbase : votre ${sortes[p.kind]} est ${etats[p.status]}`,
      text: [
        `Bonjour ${p.displayName},`,
        '',
        `Votre ${sortes[p.kind]} est désormais ${etats[p.status]}.`,
        p.status === 'done' || p.status === 'refused'
          ? 'Lisez notre réponse dans votre espace confidentialité (connexion nécessaire) :'
          : 'Suivez-la dans votre espace confidentialité (connexion nécessaire) :',
        p.url,
        ...(p.status === 'refused'
          ? [
              '',
              'Si vous n’êtes pas d’accord, vous pouvez introduire une réclamation auprès de votre autorité de protection des données.',
            ]
          : []),
      ].join('\n'),
    };
  },
};

/** The privacy-request mails in the account's language (lib/mail-language.ts). */
export const privacyRequestMailsIn = (locale: string | null | undefined) => mailCatalogIn(locale, { en, fr });
