import { mailTime } from '../../lib/local-time';

/** The export's mail: a link to the page where the signed-in user downloads it; no data, no file link. */
export function exportReadyMail(displayName: string, pageUrl: string, expiresAt: Date, timeZone = 'UTC') {
  return {
    subject: 'Vitalbase: your data is ready to download',
    text: [
      `Hello ${displayName},`,
      '',
      'The copy of your data you asked for is ready. Sign in and download it from your privacy center:',
      pageUrl,
      '',
      `It can be downloaded until ${mailTime(expiresAt, timeZone)}; after that it is deleted and you can ask`,
      'for a new one at any time.',
      '',
      'If you did not ask for it, change your password: someone may be signed in to your account.',
    ].join('\n'),
  };
}

/** Where the mail points: the web app's exports page (it needs a session, like the download). */
export function exportsPageUrl(publicUrl: string): string {
  return `${publicUrl}/privacy/exports`;
}
