import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The ten recovery codes, shown once: the user copies or downloads them before leaving. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const [href, setHref] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    const url = URL.createObjectURL(new Blob([`${codes.join('\n')}\n`], { type: 'text/plain' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [codes]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <section className="recovery-codes" aria-labelledby="recovery-title">
      <h3 id="recovery-title" ref={heading} tabIndex={-1}>
        {t('security.recovery.title')}
      </h3>
      <p>{t('security.recovery.intro')}</p>
      <ul className="codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="button" onClick={copy}>
          {copied ? t('security.recovery.copied') : t('security.recovery.copy')}
        </button>
        {href && (
          <a className="button" href={href} download="vitalbase-recovery-codes.txt">
            {t('security.recovery.download')}
          </a>
        )}
        <button type="button" className="button primary" onClick={onDone}>
          {t('security.recovery.done')}
        </button>
      </div>
    </section>
  );
}
