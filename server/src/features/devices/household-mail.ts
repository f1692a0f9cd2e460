import { mailCatalogIn } from '../../lib/mail-language';

/** The household's mail: who invites, and where to answer; nothing about the scale's readings. */
const en = {
  invitation: (ownerName: string | undefined, devicesUrl: string) => ({
    subject: 'You are invited to share a scale',
    text: `${ownerName ?? 'Someone'} invited you to their household on Vitalbase, to share a scale.\nAccept or decline on your devices page: ${devicesUrl}\n`,
  }),
};

const fr: typeof en = {
  invitation: (ownerName, devicesUrl) => ({
    subject: 'Vous êtes invité à partager une balance',
    text: `${ownerName ?? 'Quelqu’un'} vous a invité dans son foyer sur Vitalbase, pour partager une balance.\nAcceptez ou refusez sur votre page des appareils : ${devicesUrl}\n`,
  }),
};

/** The household mails in the invitee's language (lib/mail-language.ts): only accounts are invited. */
export const householdMailsIn = (locale: string | null | undefined) => mailCatalogIn(locale, { en, fr });
