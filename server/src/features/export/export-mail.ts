import { mailTime } from '../../lib/local-time';
import { mailCatalogIn } from '../../lib/mail-language';

interface ReadyMail {
  displayName: string;
  pageUrl: string;
  expiresAt: Date;
  timeZone: string;
}

/** The export's mail: a link to the page where the signed-in user downloads it; no data, no file link. */
const en = {
  ready: (p: ReadyMail) => ({
    subject: 'Vitalbase: your data is ready to download',
    text: [
      `Hello ${p.displayName},`,
      '',
      'The copy of your data you asked for is ready. Sign in and download it from your privacy center:',
      p.pageUrl,
      '',
      `It can be downloaded until ${mailTime(p.expiresAt, p.timeZone)}; after that it is deleted and you can ask`,
      'for a new one at any time.',
      '',
      'If you did not ask for it, change your password: someone may be signed in to your account.',
    ].join('\n'),
  }),
};

const fr: typeof en = {
  ready: (p) => ({
    subject: 'Vitalbase : vos données sont prêtes à télécharger',
    text: [
      `Bonjour ${p.displayName},`,
      '',
      'La copie de vos données que vous avez demandée est prête. Connectez-vous et téléchargez-la depuis',
      'votre espace confidentialité :',
      p.pageUrl,
      '',
      `Elle peut être téléchargée jusqu’au ${mailTime(p.expiresAt, p.timeZone, 'fr')} ; elle est ensuite supprimée et vous`,
      'pouvez en demander une nouvelle à tout moment.',
      '',
      'Si vous ne l’avez pas demandée, changez votre mot de passe : quelqu’un est peut-être connecté à votre compte.',
    ].join('\n'),
  }),
};

/** The export's mails in the account's language (lib/mail-language.ts). */
export const exportMailsIn = (locale: string | null | undefined) => mailCatalogIn(locale, { en, fr });

/** Where the mail points: the web app's exports page (it needs a session, like the download). */
export function exportsPageUrl(publicUrl: string): string {
  return `${publicUrl}/privacy/exports`;
}
