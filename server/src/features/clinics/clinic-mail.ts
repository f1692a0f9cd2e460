import type { ClinicRole } from '@vitalbase/core';
import { mailCatalogIn } from '../../lib/mail-language';

const signature = '\n\n— Vitalbase';
const roleNames: Record<ClinicRole, string> = {
  clinic_admin: 'clinic administrator',
  clinician: 'clinician',
  care_coordinator: 'care coordinator',
};
const nomsDeRole: Record<ClinicRole, string> = {
  clinic_admin: 'administrateur de la clinique',
  clinician: 'clinicien',
  care_coordinator: 'coordinateur de soins',
};

/** The mails of the clinics feature: links and names only, never health data. */
const en = {
  staffInvitation: (clinicName: string, role: ClinicRole, link: string, code: string) => ({
    subject: `You are invited to join ${clinicName} on Vitalbase`,
    text: `Hello,\n\n${clinicName} invites you to join its care team on Vitalbase as ${roleNames[role]}.\n\nOpen this link within 7 days and sign in with this email address (or create an account with it) to accept:\n\n${link}\n\nInvitation code: ${code}\n\nClinic pages need a second factor (an authenticator app or a passkey): you will be asked to set one up.\n\nIf you did not expect this invitation, ignore this message.${signature}`,
  }),
  patientInvitation: (clinicName: string, link: string, code: string) => ({
    subject: `${clinicName} invites you to share your readings`,
    text: `Hello,\n\n${clinicName} invites you to its remote monitoring programme on Vitalbase.\n\nOpen this link within 30 days to read the programme's terms, choose what you share and accept (you can stop sharing at any time from your privacy center):\n\n${link}\n\nEnrolment code: ${code}\n\nIf you did not expect this invitation, ignore this message: nothing is shared unless you accept.${signature}`,
  }),
  /** An urgent alert nobody acknowledged: no patient, no value, only the count and the queue's link. */
  alertEscalation: (clinicName: string, count: number, minutes: number, link: string) => ({
    subject: `${clinicName}: ${count === 1 ? 'an urgent alert' : `${count} urgent alerts`} not acknowledged`,
    text: `Hello,\n\n${count === 1 ? 'An urgent alert' : `${count} urgent alerts`} of ${clinicName} ${count === 1 ? 'has' : 'have'} not been acknowledged within ${minutes} minutes.\n\nOpen the alert queue to acknowledge ${count === 1 ? 'it' : 'them'}:\n\n${link}\n\nYou receive this message as an administrator or clinician of ${clinicName}.${signature}`,
  }),
};

const fr: typeof en = {
  staffInvitation: (clinicName, role, link, code) => ({
    subject: `Vous êtes invité à rejoindre ${clinicName} sur Vitalbase`,
    text: `Bonjour,\n\n${clinicName} vous invite à rejoindre son équipe de soins sur Vitalbase en tant que ${nomsDeRole[role]}.\n\nOuvrez ce lien dans les 7 jours et connectez-vous avec cette adresse e-mail (ou créez un compte avec elle) pour accepter :\n\n${link}\n\nCode d’invitation : ${code}\n\nLes pages de la clinique demandent un second facteur (une application d’authentification ou une clé d’accès) : il vous sera demandé d’en configurer un.\n\nSi vous n’attendiez pas cette invitation, ignorez ce message.${signature}`,
  }),
  patientInvitation: (clinicName, link, code) => ({
    subject: `${clinicName} vous invite à partager vos mesures`,
    text: `Bonjour,\n\n${clinicName} vous invite à son programme de télésurveillance sur Vitalbase.\n\nOuvrez ce lien dans les 30 jours pour lire les conditions du programme, choisir ce que vous partagez et accepter (vous pouvez arrêter le partage à tout moment depuis votre espace confidentialité) :\n\n${link}\n\nCode d’inscription : ${code}\n\nSi vous n’attendiez pas cette invitation, ignorez ce message : rien n’est partagé sans votre accord.${signature}`,
  }),
  alertEscalation: (clinicName, count, minutes, link) => ({
    subject: `${clinicName} : ${count === 1 ? 'une alerte urgente non acquittée' : `${count} alertes urgentes non acquittées`}`,
    text: `Bonjour,\n\n${count === 1 ? 'Une alerte urgente' : `${count} alertes urgentes`} de ${clinicName} ${count === 1 ? 'n’a pas été acquittée' : 'n’ont pas été acquittées'} dans les ${minutes} minutes.\n\nOuvrez la file des alertes pour ${count === 1 ? 'l’acquitter' : 'les acquitter'} :\n\n${link}\n\nVous recevez ce message en tant qu’administrateur ou clinicien de ${clinicName}.${signature}`,
  }),
};

/**
 * The clinic mails in a language (lib/mail-language.ts): the account's; an invitation to an address
 * without an account, the language of the staff member who sent it.
 */
export const clinicMailsIn = (locale: string | null | undefined) => mailCatalogIn(locale, { en, fr });
