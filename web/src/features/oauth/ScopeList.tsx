import { isPartnerScope, partnerScopeWords } from '@vitalbase/core/partner-scopes';
import { useTranslation } from 'react-i18next';
import type { ScopeExplained } from './oauth-api';

/**
 * A scope in plain words in the interface language, from the same catalog the server explains scopes
 * with; a scope this page does not know yet keeps the server's own words rather than showing a code.
 */
export function useScopeWords() {
  const { i18n } = useTranslation();
  return (s: ScopeExplained) =>
    isPartnerScope(s.scope)
      ? partnerScopeWords(s.scope, i18n.language)
      : { title: s.title || s.scope, description: s.description ?? '' };
}

/** What each scope opens: its title, and (unless brief) what data that means. */
export function ScopeList({ scopes, brief = false }: { scopes: ScopeExplained[]; brief?: boolean }) {
  const words = useScopeWords();
  return (
    <ul className="scope-list">
      {scopes.map((s) => {
        const w = words(s);
        return (
          <li key={s.scope} data-scope={s.scope}>
            <strong>{w.title}</strong>
            {!brief && w.description && <p className="muted">{w.description}</p>}
          </li>
        );
      })}
    </ul>
  );
}
