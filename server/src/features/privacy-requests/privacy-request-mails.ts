import type { PrivacyRequestKind, PrivacyRequestStatus } from '@vitalbase/core';

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
export const privacyRequestMails = {
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
