import type { MailLanguage } from '../../lib/mail-language';
import { oauthPage, sayIn } from './oauth-page';

/**
 * OpenID Connect RP-Initiated Logout: the pages oidc-provider shows at /oauth/session/end (its
 * defaults are English only and load a font from Google). The question appears only while an
 * oidc-provider session exists; without one, the browser goes straight to the success page. Their
 * language: page-language.ts (the success page has no ui_locales of its own).
 */
const words = {
  en: {
    title: 'Sign out',
    question: 'Do you want to sign out of the authorization server of this site?',
    yes: 'Yes, sign me out',
    no: 'No, stay signed in',
    doneTitle: 'Signed out',
    done: 'You are signed out.',
    doneWith: (app: string) => `You are signed out of ${app}.`,
  },
  fr: {
    title: 'Déconnexion',
    question: 'Voulez-vous vous déconnecter du serveur d’autorisation de ce site ?',
    yes: 'Oui, me déconnecter',
    no: 'Non, garder ma session',
    doneTitle: 'Déconnexion faite',
    done: 'La déconnexion est faite.',
    doneWith: (app: string) => `La déconnexion de ${app} est faite.`,
  },
} satisfies Record<MailLanguage, unknown>;

/** `form`: oidc-provider's own form (id="op.logoutForm", its hidden xsrf field), which the buttons submit. */
export function logoutPage(language: MailLanguage, form: string): string {
  const w = words[language];
  const say = sayIn(language);
  const buttons = [
    `<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${say(w.yes)}</button>`,
    `<button type="submit" form="op.logoutForm">${say(w.no)}</button>`,
  ].join('');
  return oauthPage(language, w.title, `<h1>${say(w.question)}</h1>${form}<p>${buttons}</p>`);
}

/** `app`: the app's name from its registration, escaped with the sentence. */
export function logoutSuccessPage(language: MailLanguage, app: string | undefined): string {
  const w = words[language];
  const say = sayIn(language);
  const line = say(app ? w.doneWith(app) : w.done);
  return oauthPage(language, w.doneTitle, `<h1>${say(w.doneTitle)}</h1><p>${line}</p>`);
}
