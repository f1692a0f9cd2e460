import { mailTime } from '../../lib/local-time';

/** The erasure feature's mails: no health data, only dates and the cancel link. */
export const erasureMails = {
  requested(displayName: string, cancelUrl: string, purgeAfter: Date, timeZone = 'UTC') {
    return {
      subject: 'Vitalbase: your account will be deleted',
      text: [
        `Hello ${displayName},`,
        '',
        'You asked us to delete your Vitalbase account. It is closed now: you are signed out everywhere,',
        'your access tokens no longer work and your devices are unpaired.',
        '',
        `Everything we hold about you will be deleted after ${mailTime(purgeAfter, timeZone)}.`,
        'Changed your mind? Until then, you can keep your account with this link:',
        cancelUrl,
        '',
        'If you did not ask for this, follow the link now and then change your password.',
      ].join('\n'),
    };
  },

  receipt(requestedAt: Date, purgedAt: Date, timeZone = 'UTC') {
    return {
      subject: 'Vitalbase: your account has been deleted',
      text: [
        'Hello,',
        '',
        // Worded for every closure (the user's request, inactivity, a suspension, a court order).
        `Your Vitalbase account, closed on ${mailTime(requestedAt, timeZone)}, and everything we held about`,
        `you have been deleted on ${mailTime(purgedAt, timeZone)}. This is the last message you will get from us;`,
        'this address is deleted too. You are welcome to sign up again at any time.',
      ].join('\n'),
    };
  },
};
