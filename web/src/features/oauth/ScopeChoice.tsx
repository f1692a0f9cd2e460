import type { ConsentRequest } from '@vitalbase/core/oauth';
import { useTranslation } from 'react-i18next';
import { ScopeList, useScopeWords } from './ScopeList';

/**
 * The consent screen's scopes (issue #13): each data scope a checkbox, ticked until the user unticks
 * it; the scopes the app needs to work (sign-in, which patient, keeping access) listed without one,
 * since they are granted with any Allow.
 */
export function ScopeChoice({
  app,
  scopes,
  kept,
  onChange,
  disabled,
}: {
  app: string;
  scopes: ConsentRequest['scopes'];
  kept: ReadonlySet<string>;
  onChange: (scope: string, keep: boolean) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const words = useScopeWords();
  const optional = scopes.filter((s) => s.optional);
  const required = scopes.filter((s) => !s.optional);
  return (
    <>
      {optional.length > 0 && (
        <fieldset className="scope-choice">
          <legend className="muted">{t('partners.consent.chooseHint', { app })}</legend>
          <ul className="plain-list">
            {optional.map((s) => {
              const w = words(s);
              return (
                <li key={s.scope} data-scope={s.scope}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      name={s.scope}
                      checked={kept.has(s.scope)}
                      disabled={disabled}
                      onChange={(e) => onChange(s.scope, e.target.checked)}
                    />{' '}
                    <strong>{w.title}</strong>
                  </label>
                  {w.description && <p className="muted">{w.description}</p>}
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
      {required.length > 0 && (
        <>
          {optional.length > 0 && <p>{t('partners.consent.alwaysGranted')}</p>}
          <ScopeList scopes={required} />
        </>
      )}
    </>
  );
}
