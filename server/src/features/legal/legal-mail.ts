import { mailTime } from '../../lib/local-time';

/** The legal feature's mail: who received which categories of the user's data, never the data. */
export const legalMails = {
  disclosed(
    displayName: string,
    d: { authority: string; legalBasis: string; scope: string[]; disclosedAt: Date },
    privacyUrl: string,
    zone: string,
  ) {
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
