import { useTranslation } from 'react-i18next';
import type { PolicyVersionDetail } from './queries';

/** Unchanged runs longer than this are folded to their first and last lines. */
const CONTEXT_LINES = 2;

function fold(text: string): string[] {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= CONTEXT_LINES * 2 + 1) return lines;
  return [...lines.slice(0, CONTEXT_LINES), '…', ...lines.slice(-CONTEXT_LINES)];
}

/** What changed from the previous version, line by line (added, removed, and a little context). */
export function PolicyDiff({ diff }: { diff: NonNullable<PolicyVersionDetail['diff']> }) {
  const { t } = useTranslation();
  if (!diff.some((p) => p.change !== 'same'))
    return <p className="muted">{t('policies.version.noChange')}</p>;
  return (
    <div className="policy-diff" data-testid="policy-diff">
      {diff.map((part, i) => {
        const lines = part.change === 'same' ? fold(part.text) : part.text.replace(/\n$/, '').split('\n');
        const Tag = part.change === 'added' ? 'ins' : part.change === 'removed' ? 'del' : 'div';
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one diff never move
          <Tag key={i} className={`diff-${part.change}`}>
            {part.change !== 'same' && (
              <span className="visually-hidden">
                {t(part.change === 'added' ? 'policies.version.added' : 'policies.version.removed')}
              </span>
            )}
            {lines.map((line, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text
              <span key={j} className="diff-line">
                {line || '\u00a0'}
              </span>
            ))}
          </Tag>
        );
      })}
    </div>
  );
}
