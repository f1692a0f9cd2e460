import type { PolicyDocument } from '@vitalbase/core';

const names: Record<PolicyDocument, string> = { privacy: 'privacy policy', terms: 'terms of use' };

/** The policies feature's mail: the operator's summary, the date and a link; nothing about the user. */
export const policyMails = {
  announcement(p: {
    displayName: string;
    document: PolicyDocument;
    effectiveDate: string;
    summary: string;
    url: string;
  }) {
    return {
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
    };
  },
};
