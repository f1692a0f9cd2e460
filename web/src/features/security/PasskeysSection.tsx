import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { meKey } from '../../api/queries';
import type { Passkey } from '../../api/types';
import { Field, FormError, fieldErrorsOf, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';

const passkeysKey = ['me', 'passkeys'] as const;

/** Passkeys as a second factor: the browser creates the key, the server keeps only its public part. */
export function PasskeysSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const passkeys = useQuery({
    queryKey: passkeysKey,
    queryFn: () => api<Passkey[]>('GET', '/api/me/passkeys'),
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: passkeysKey }),
      queryClient.invalidateQueries({ queryKey: meKey, exact: true }),
    ]);
  const add = useMutation({
    mutationFn: async (keyName: string) => {
      const { startRegistration } = await import('@simplewebauthn/browser');
      const optionsJSON = await api<Parameters<typeof startRegistration>[0]['optionsJSON']>(
        'POST',
        '/api/me/passkeys/options',
      );
      const response = await startRegistration({ optionsJSON });
      return api<Passkey>('POST', '/api/me/passkeys', { name: keyName, response });
    },
    onSuccess: async () => {
      setName('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/me/passkeys/${encodeURIComponent(id)}`),
    onSuccess: refresh,
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    add.mutate(name.trim() || t('security.passkeys.defaultName'));
  }

  return (
    <section className="card" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">{t('security.passkeys.title')}</h2>
      <p>{t('security.passkeys.intro')}</p>
      <FormError error={passkeys.error ?? remove.error} />
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
              onClick={() => remove.mutate(p.id)}
              disabled={remove.isPending}
            >
              {t('common.remove')}
              <span className="visually-hidden"> ({p.name})</span>
            </button>
          </li>
        ))}
      </ul>
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
    </section>
  );
}
