import type { CookiePreferences } from '@vitalbase/core/consents';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/queries';
import {
  closeCookieSettings,
  currentCookieChoice,
  openCookieSettings,
  rememberCookieChoice,
  useCookieBannerOpen,
} from './cookie-choice';
import { fetchStoredCookieChoice, storeCookieChoice } from './queries';

const optional = ['analytical', 'social_media', 'marketing'] as const;
const none: CookiePreferences = { analytical: false, social_media: false, marketing: false };
const all: CookiePreferences = { analytical: true, social_media: true, marketing: true };

/**
 * The cookie banner (P15), on every page until a choice is made and again from the footer link. The
 * choice is kept in this browser (essential cookie) and, for a signed-in user, on the server too.
 */
export function CookieBanner() {
  const { t } = useTranslation();
  const open = useCookieBannerOpen();
  const { data: me } = useMe();
  const [selected, setSelected] = useState<CookiePreferences>(() => currentCookieChoice() ?? none);

  // A signed-in user who chose elsewhere: their stored choice applies in this browser too.
  useEffect(() => {
    if (!me || currentCookieChoice()) return;
    void fetchStoredCookieChoice()
      .then((preferences) => {
        if (preferences && !currentCookieChoice()) {
          rememberCookieChoice({
            analytical: preferences.analytical,
            social_media: preferences.social_media,
            marketing: preferences.marketing,
          });
        }
      })
      .catch(() => {});
  }, [me]);

  useEffect(() => {
    if (open) setSelected(currentCookieChoice() ?? none);
  }, [open]);

  if (!open) return null;

  const choose = (prefs: CookiePreferences) => {
    rememberCookieChoice(prefs);
    closeCookieSettings();
    if (me) void storeCookieChoice(prefs).catch(() => {});
  };

  return (
    <section className="cookie-banner card" aria-labelledby="cookie-banner-title">
      <h2 id="cookie-banner-title">{t('privacy.cookies.title')}</h2>
      <p>{t('privacy.cookies.intro')}</p>
      <p className="muted">{t('privacy.cookies.noneToday')}</p>
      <fieldset>
        <legend className="visually-hidden">{t('privacy.cookies.categories')}</legend>
        <label className="checkbox">
          <input type="checkbox" checked disabled /> {t('privacy.cookies.essential')}
        </label>
        {optional.map((c) => (
          <label className="checkbox" key={c}>
            <input
              type="checkbox"
              name={c}
              checked={selected[c]}
              onChange={(e) => setSelected({ ...selected, [c]: e.target.checked })}
            />{' '}
            {t(`privacy.cookies.${c}`)}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="button" className="button" onClick={() => choose(selected)}>
          {t('privacy.cookies.acceptSelected')}
        </button>
        <button type="button" className="button" onClick={() => choose(all)}>
          {t('privacy.cookies.acceptAll')}
        </button>
        <button type="button" className="button" onClick={() => choose(none)}>
          {t('privacy.cookies.refuseAll')}
        </button>
      </div>
    </section>
  );
}

/** The footer link that reopens the banner: the choice can be changed at any time. */
export function CookieSettingsLink() {
  const { t } = useTranslation();
  return (
    <button type="button" className="link-button" onClick={openCookieSettings}>
      {t('privacy.cookies.footerLink')}
    </button>
  );
}
