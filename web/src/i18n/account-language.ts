import { useEffect } from 'react';
import { useSaveLanguage } from '../api/queries';
import { languages, setLanguage, takeLanguageChosenBeforeSignIn } from './index';

/**
 * The profile's language applies once signed in, on every browser the user signs in from (the app's
 * pages, and the consent page a partner app sends the user to, over the app's ui_locales); but a
 * language picked on the sign-in page just before is kept, and saved to the profile.
 */
export function useAccountLanguage(locale: string | undefined) {
  const { mutate: saveLocale } = useSaveLanguage();
  useEffect(() => {
    if (!locale) return;
    const chosen = takeLanguageChosenBeforeSignIn();
    if (chosen && chosen !== locale) saveLocale(chosen);
    else if (languages.some((l) => l.code === locale)) void setLanguage(locale);
  }, [locale, saveLocale]);
}
