import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguageBeforeSignIn, languages } from '../i18n';

/**
 * The interface language, for visitors who are not signed in (signed-in users set it in Account). The
 * choice is kept after signing in: the profile takes it (app/AppShell.tsx).
 */
export function LanguageMenu() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-menu">
      <label htmlFor={id}>{t('common.language')}</label>
      <select id={id} value={i18n.language} onChange={(e) => void chooseLanguageBeforeSignIn(e.target.value)}>
        {languages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
