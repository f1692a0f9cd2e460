import { mailCatalogIn } from '../../lib/mail-language';

const signature = '\n\n— Vitalbase';

/**
 * The support feature's mails to the user. A reply carries support's words (they are the answer the
 * user asked for); an ask names the categories, never any value. Each links to the request in the app.
 */
const en = {
  reply: (body: string, link: string) => ({
    subject: 'Vitalbase support replied to your request',
    text: `Hello,\n\nVitalbase support replied to your support request:\n\n${body}\n\nRead the conversation and answer in the app:\n\n${link}${signature}`,
  }),
  ask: (categories: readonly string[], reason: string, link: string) => ({
    subject: 'Vitalbase support asks to see some of your data',
    text: `Hello,\n\nTo look into your support request, Vitalbase support asks to see: ${categories.join(', ')}.\n\nTheir reason: ${reason}\n\nNothing is shown to support unless you agree. You choose what to open, for at most 7 days and only while the request is open, and you can withdraw it at any time:\n\n${link}${signature}`,
  }),
};

// Support's own words (the reply, the reason) stay as written: French spacing is applied to the whole
// mail, which only turns spaces before « : ; ? ! » into no-break ones.
const fr: typeof en = {
  reply: (body, link) => ({
    subject: 'Le support Vitalbase a répondu à votre demande',
    text: `Bonjour,\n\nLe support Vitalbase a répondu à votre demande d’assistance :\n\n${body}\n\nLisez la conversation et répondez dans l’application :\n\n${link}${signature}`,
  }),
  ask: (categories, reason, link) => ({
    subject: 'Le support Vitalbase demande à voir certaines de vos données',
    text: `Bonjour,\n\nPour traiter votre demande d’assistance, le support Vitalbase demande à voir : ${categories.join(', ')}.\n\nSa raison : ${reason}\n\nRien n’est montré au support sans votre accord. Vous choisissez ce que vous ouvrez, pour 7 jours au plus et seulement tant que la demande est ouverte, et vous pouvez le retirer à tout moment :\n\n${link}${signature}`,
  }),
};

/** The support mails in the account's language (lib/mail-language.ts). */
export const supportMailsIn = (locale: string | null | undefined) => mailCatalogIn(locale, { en, fr });
export type SupportMails = typeof en;
