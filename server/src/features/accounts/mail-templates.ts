import { mailCatalogIn, mailLanguage } from '../../lib/mail-language';

/**
 * Account mail, plain text. Links are built by the caller from config.publicUrl. No mail carries health
 * data; security alerts say what happened, when and from where, and what to do if it was not you.
 */
export interface MailContent {
  subject: string;
  text: string;
}

const signature = '\n\n— Vitalbase';
const notYou =
  'If this was not you, reset your password now ("Forgot password?" on the sign-in page) and review the sessions signed in to your account.';

/** The English mails; `mailTemplatesIn(locale)` picks the account's language (en, fr). */
export const mailTemplates = {
  verifyEmail: (name: string, link: string): MailContent => ({
    subject: 'Confirm your email address',
    text: `Hello ${name},\n\nConfirm your email address to finish creating your Vitalbase account:\n\n${link}\n\nThe link works for 48 hours. If you did not sign up, ignore this message.${signature}`,
  }),
  signUpAttemptOnExistingAccount: (link: string): MailContent => ({
    subject: 'Someone tried to sign up with your email address',
    text: `Someone tried to create a Vitalbase account with this email address, which already has one.\n\nIf it was you, sign in instead, or reset your password:\n\n${link}\n\nIf it was not you, you can ignore this message: nothing changed.${signature}`,
  }),
  parentalConsent: (childName: string, link: string): MailContent => ({
    subject: 'Your consent is needed for a Vitalbase account',
    text: `Hello,\n\n${childName} has created a Vitalbase account and gave your address as their parent's. Under the age of digital consent, the account can be used only with your consent.\n\nRead what the account is for and give or refuse your consent here:\n\n${link}\n\nWithout an answer within 30 days, the account and all its data are deleted. If you refuse, they are deleted at once.${signature}`,
  }),
  guardianLink: (childName: string, link: string, until: string): MailContent => ({
    subject: "Manage your child's Vitalbase consents",
    text: `Hello,\n\nThank you for your consent: ${childName}'s Vitalbase account is now open.\n\nUntil ${childName} reaches the age of digital consent (${until}), the consents of the account (research, marketing, location …) are yours to give. ${childName} can withdraw one but not give it. Give or withdraw them at any time here:\n\n${link}\n\nKeep this message: the link is personal.${signature}`,
  }),
  resetPassword: (link: string): MailContent => ({
    subject: 'Reset your password',
    text: `Someone asked to reset the password of the Vitalbase account for this address.\n\nTo choose a new password, open this link within 1 hour:\n\n${link}\n\nIt works once and signs out every session. If you did not ask, ignore this message: your password stays as it is.${signature}`,
  }),
  confirmEmailChange: (name: string, link: string): MailContent => ({
    subject: 'Confirm your new email address',
    text: `Hello ${name},\n\nConfirm that this is the new email address of your Vitalbase account:\n\n${link}\n\nThe link works for 24 hours.${signature}`,
  }),
  emailChangeTargetTaken: (): MailContent => ({
    subject: 'Someone tried to move an account to your email address',
    text: `Someone asked to change the email address of a Vitalbase account to this address, which already has an account. Nothing changed.\n\nIf this was not you, you can ignore this message.${signature}`,
  }),
  alertNewSignIn: (when: string, browser: string, ip: string): MailContent => ({
    subject: 'New sign-in to your account',
    text: `Your Vitalbase account was signed in to from a browser it had not seen before.\n\nWhen: ${when}\nBrowser: ${browser}\nAddress: ${ip}\n\n${notYou}${signature}`,
  }),
  alertPasswordChanged: (when: string): MailContent => ({
    subject: 'Your password was changed',
    text: `The password of your Vitalbase account was changed (${when}). Other sessions were signed out.\n\n${notYou}${signature}`,
  }),
  alertEmailChangeRequested: (when: string, newEmail: string): MailContent => ({
    subject: 'A change of your email address was requested',
    text: `Someone signed in to your Vitalbase account asked (${when}) to change its email address to ${newEmail}. The change happens only when the new address is confirmed.\n\n${notYou}${signature}`,
  }),
  alertEmailChanged: (when: string, newEmail: string): MailContent => ({
    subject: 'Your email address was changed',
    text: `The email address of your Vitalbase account was changed to ${newEmail} (${when}). Mail about the account now goes there.\n\n${notYou}${signature}`,
  }),
  alertGuarded: (when: string): MailContent => ({
    subject: 'Many failed attempts to sign in to your account',
    text: `There were many failed attempts to sign in to your Vitalbase account (${when}). Your account is not locked, but for a while your password alone will not be enough: you will also give your second factor, or follow a link we mail to this address.\n\n${notYou}${signature}`,
  }),
  signInLink: (link: string): MailContent => ({
    subject: 'Your sign-in link',
    text: `Someone signed in to your Vitalbase account with the right password. After many failed attempts on the account, this link is needed as well. To finish signing in, open it within 15 minutes:\n\n${link}\n\nIt works once. If this was not you, do not open it, and change your password.${signature}`,
  }),
};

export type MailTemplates = typeof mailTemplates;

const pasVous =
  'Si ce n’était pas vous, réinitialisez votre mot de passe maintenant (« Mot de passe oublié ? » sur la page de connexion) et vérifiez les sessions ouvertes sur votre compte.';

/**
 * The same mails in French (the web's texts follow the same wording: web/src/i18n/locales/fr.ts), with
 * French typography: a no-break space before « : ; ? ! » and inside « ».
 */
const frWritten: MailTemplates = {
  verifyEmail: (name, link) => ({
    subject: 'Confirmez votre adresse e-mail',
    text: `Bonjour ${name},\n\nConfirmez votre adresse e-mail pour terminer la création de votre compte Vitalbase :\n\n${link}\n\nLe lien est valable 48 heures. Si vous ne vous êtes pas inscrit, ignorez ce message.${signature}`,
  }),
  signUpAttemptOnExistingAccount: (link) => ({
    subject: 'Quelqu’un a tenté de s’inscrire avec votre adresse e-mail',
    text: `Quelqu’un a tenté de créer un compte Vitalbase avec cette adresse e-mail, qui en a déjà un.\n\nSi c’était vous, connectez-vous plutôt, ou réinitialisez votre mot de passe :\n\n${link}\n\nSi ce n’était pas vous, ignorez ce message : rien n’a changé.${signature}`,
  }),
  parentalConsent: (childName, link) => ({
    subject: 'Votre consentement est nécessaire pour un compte Vitalbase',
    text: `Bonjour,\n\n${childName} a créé un compte Vitalbase et a donné votre adresse comme celle d’un parent. Avant l’âge du consentement numérique, le compte ne peut être utilisé qu’avec votre consentement.\n\nLisez à quoi sert le compte, et donnez ou refusez votre consentement ici :\n\n${link}\n\nSans réponse sous 30 jours, le compte et toutes ses données sont supprimés. Si vous refusez, ils le sont aussitôt.${signature}`,
  }),
  guardianLink: (childName, link, until) => ({
    subject: 'Gérez les consentements du compte Vitalbase de votre enfant',
    text: `Bonjour,\n\nMerci de votre consentement : le compte Vitalbase de ${childName} est ouvert.\n\nJusqu’à ce que ${childName} atteigne l’âge du consentement numérique (${until}), les consentements du compte (recherche, marketing, localisation …) sont les vôtres. ${childName} peut en retirer un mais pas le donner. Donnez-les ou retirez-les à tout moment ici :\n\n${link}\n\nGardez ce message : le lien est personnel.${signature}`,
  }),
  resetPassword: (link) => ({
    subject: 'Réinitialisez votre mot de passe',
    text: `Quelqu’un a demandé à réinitialiser le mot de passe du compte Vitalbase de cette adresse.\n\nPour choisir un nouveau mot de passe, ouvrez ce lien dans l’heure :\n\n${link}\n\nIl ne sert qu’une fois et ferme toutes les sessions. Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.${signature}`,
  }),
  confirmEmailChange: (name, link) => ({
    subject: 'Confirmez votre nouvelle adresse e-mail',
    text: `Bonjour ${name},\n\nConfirmez que c’est la nouvelle adresse e-mail de votre compte Vitalbase :\n\n${link}\n\nLe lien est valable 24 heures.${signature}`,
  }),
  emailChangeTargetTaken: () => ({
    subject: 'Quelqu’un a tenté de déplacer un compte vers votre adresse e-mail',
    text: `Quelqu’un a demandé à changer l’adresse e-mail d’un compte Vitalbase pour cette adresse, qui a déjà un compte. Rien n’a changé.\n\nSi ce n’était pas vous, ignorez ce message.${signature}`,
  }),
  alertNewSignIn: (when, browser, ip) => ({
    subject: 'Nouvelle connexion à votre compte',
    text: `Votre compte Vitalbase a été ouvert depuis un navigateur qu’il n’avait jamais vu.\n\nQuand : ${when}\nNavigateur : ${browser}\nAdresse : ${ip}\n\n${pasVous}${signature}`,
  }),
  alertPasswordChanged: (when) => ({
    subject: 'Votre mot de passe a été changé',
    text: `Le mot de passe de votre compte Vitalbase a été changé (${when}). Les autres sessions ont été fermées.\n\n${pasVous}${signature}`,
  }),
  alertEmailChangeRequested: (when, newEmail) => ({
    subject: 'Un changement de votre adresse e-mail a été demandé',
    text: `Quelqu’un de connecté à votre compte Vitalbase a demandé (${when}) à changer son adresse e-mail pour ${newEmail}. Le changement n’a lieu qu’une fois la nouvelle adresse confirmée.\n\n${pasVous}${signature}`,
  }),
  alertEmailChanged: (when, newEmail) => ({
    subject: 'Votre adresse e-mail a été changée',
    text: `L’adresse e-mail de votre compte Vitalbase est désormais ${newEmail} (${when}). Les messages sur le compte y sont envoyés.\n\n${pasVous}${signature}`,
  }),
  alertGuarded: (when) => ({
    subject: 'Nombreuses tentatives de connexion à votre compte',
    text: `Il y a eu de nombreuses tentatives de connexion échouées à votre compte Vitalbase (${when}). Votre compte n’est pas bloqué, mais pendant un moment votre mot de passe seul ne suffira pas : vous donnerez aussi votre second facteur, ou suivrez un lien envoyé à cette adresse.\n\n${pasVous}${signature}`,
  }),
  signInLink: (link) => ({
    subject: 'Votre lien de connexion',
    text: `Quelqu’un s’est connecté à votre compte Vitalbase avec le bon mot de passe. Après de nombreuses tentatives échouées, ce lien est aussi nécessaire. Pour terminer la connexion, ouvrez-le dans les 15 minutes :\n\n${link}\n\nIl ne sert qu’une fois. Si ce n’était pas vous, ne l’ouvrez pas et changez votre mot de passe.${signature}`,
  }),
};

/** The account mails in a locale: French for 'fr' (and 'fr-…'), else English. */
export function mailTemplatesIn(locale: string | null | undefined): MailTemplates {
  return mailCatalogIn(locale, { en: mailTemplates, fr: frWritten });
}

/** The web app's page where a user reviews their sessions, passkeys and second factor. */
const SECURITY_PAGE = '/security';

/**
 * Every security alert ends with the link to the security page (added where alerts are sent,
 * security-events.ts), before the signature: the one place to check sessions and factors.
 */
export function withSecurityPageLink(text: string, publicUrl: string, locale?: string): string {
  const body = text.endsWith(signature) ? text.slice(0, -signature.length) : text;
  const review =
    mailLanguage(locale) === 'fr'
      ? 'Vérifiez les sessions, les clés d’accès et le second facteur de votre compte\u00a0:'
      : 'Review the sessions, passkeys and second factor of your account:';
  return `${body}\n\n${review} ${publicUrl}${SECURITY_PAGE}${signature}`;
}
