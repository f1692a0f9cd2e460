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

/** The web app's page where a user reviews their sessions, passkeys and second factor. */
const SECURITY_PAGE = '/security';

/**
 * Every security alert ends with the link to the security page (added where alerts are sent,
 * security-events.ts), before the signature: the one place to check sessions and factors.
 */
export function withSecurityPageLink(text: string, publicUrl: string): string {
  const body = text.endsWith(signature) ? text.slice(0, -signature.length) : text;
  return `${body}\n\nReview the sessions, passkeys and second factor of your account: ${publicUrl}${SECURITY_PAGE}${signature}`;
}
