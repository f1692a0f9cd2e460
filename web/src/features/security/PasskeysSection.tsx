import type { Passkey } from '@vitalbase/core/second-factor';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, fieldErrorsOf, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { useAddPasskey, usePasskeys, useRemovePasskey } from './queries';
import { RecoveryCodes } from './RecoveryCodes';
import { StepUpForm } from './StepUpForm';

/**
 * Passkeys as a second factor: the browser creates the key, the server keeps only its public part.
 * The first factor of the account comes with recovery codes; removing a key asks to confirm it is you.
 */
export function PasskeysSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const [name, setName] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [removing, setRemoving] = useState<Passkey | null>(null);
  const passkeys = usePasskeys();
  const add = useAddPasskey({
    onSuccess: (answer) => {
      setName('');
      if (answer.recoveryCodes) setCodes(answer.recoveryCodes);
    },
  });
  const remove = useRemovePasskey();
  function submit(e: FormEvent) {
    e.preventDefault();
    add.mutate(name.trim() || t('security.passkeys.defaultName'));
  }
  function startRemoving(p: Passkey) {
    remove.reset();
    setRemoving(p);
  }

  return (
    <section className="card" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">{t('security.passkeys.title')}</h2>
      <p>{t('security.passkeys.intro')}</p>
      {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}
      <FormError error={passkeys.error} />
      {passkeys.data?.length === 0 && <p className="muted">{t('security.passkeys.none')}</p>}
      <ul className="item-list" aria-label={t('security.passkeys.title')}>
        {passkeys.data?.map((p) => (
          <li key={p.id} className="item">
            <div>
              <strong>{p.name}</strong>
              <p className="muted">
                {t('security.passkeys.details', {
                  created: format.dateTime(p.createdAt),
                  lastUsed: format.dateTime(p.lastUsedAt),
                })}
              </p>
            </div>
            <button
              type="button"
              className="button danger"
              onClick={() => startRemoving(p)}
              disabled={remove.isPending}
            >
              {t('common.remove')}
              <span className="visually-hidden"> ({p.name})</span>
            </button>
          </li>
        ))}
      </ul>
      {removing && (
        <StepUpForm
          title={t('security.passkeys.removeTitle', { name: removing.name })}
          submitLabel={t('security.passkeys.removeConfirm')}
          busy={remove.isPending}
          error={remove.error}
          onSubmit={(stepUp) =>
            remove.mutate({ id: removing.id, stepUp }, { onSuccess: () => setRemoving(null) })
          }
          onCancel={() => setRemoving(null)}
        >
          <p>{t('security.passkeys.removeIntro')}</p>
        </StepUpForm>
      )}
      {!removing && (
        <form onSubmit={submit} noValidate>
          <FormError error={add.error} />
          <Field
            label={t('security.passkeys.nameLabel')}
            name="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fieldErrorsOf(add.error).name}
            maxLength={100}
          />
          <SubmitButton busy={add.isPending}>{t('security.passkeys.add')}</SubmitButton>
        </form>
      )}
    </section>
  );
}
