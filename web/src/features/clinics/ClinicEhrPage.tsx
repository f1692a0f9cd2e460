import type { ClinicBackendClientView } from '@vitalbase/core/clinics';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { FormError, Notice, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useBackendClient, useClinic, useSetBackendClient } from './queries';

/** What the pasted text must at least be before it is sent: JSON, an object with a `keys` list. */
type Jwks = { keys: Record<string, unknown>[] };
function readJwks(text: string): { jwks: Jwks } | { problem: 'not_json' | 'key_count' } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: 'not_json' };
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length < 1 || keys.length > 10) return { problem: 'key_count' };
  return { jwks: parsed as Jwks };
}

/**
 * The server's `invalid_jwks` / `invalid_jwks_url` answer names its problem: said in the admin's
 * language (a key served by the URL that fails the key checks is said as for a pasted one).
 */
function problemOf(err: unknown): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const problem = (err.details as { problem?: string } | undefined)?.problem;
  if (err.code === 'invalid_jwks') return problem;
  if (err.code === 'invalid_jwks_url') return problem ? `url_${problem}` : 'url_unreachable';
  return undefined;
}

type KeySource = 'url' | 'paste';

/**
 * The clinic's EHR connection (issue #15, clinic_admin): the EHR reads the clinic's enrolled patients
 * as a SMART Backend Services client. The admin gives the URL where the EHR publishes its public keys
 * (SMART's jwks_url: the EHR rotates keys there; the server fetches and checks it at once) or pastes
 * the keys (JWKS), and gives the EHR the client id, token URL and FHIR base URL shown here;
 * registering again replaces the keys; removing stops the EHR's access at once.
 */
export function ClinicEhrPage() {
  const { t } = useTranslation();
  const { clinicId = '' } = useParams();
  const clinic = useClinic(clinicId);
  const client = useBackendClient(clinicId);
  const save = useSetBackendClient(clinicId);
  const [local, setLocal] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [chosen, setSource] = useState<KeySource | undefined>();
  // A client registered by pasted keys opens on "paste"; otherwise the URL, which rotates by itself.
  const source: KeySource = chosen ?? (client.data && !client.data.jwksUrl ? 'paste' : 'url');
  useTitle(t('clinics.ehr.title'));
  const problem = local ?? problemOf(save.error);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    if (source === 'url') {
      setLocal(undefined);
      save.mutate({ jwksUrl: String(data.get('jwksUrl') ?? '').trim() });
      return;
    }
    const read = readJwks(String(data.get('jwks') ?? ''));
    if ('problem' in read) {
      setLocal(read.problem);
      return;
    }
    setLocal(undefined);
    save.mutate({ jwks: read.jwks }, { onSuccess: () => form.reset() });
  };
  const field =
    source === 'url'
      ? { id: 'ehr-jwks-url', label: 'clinics.ehr.jwksUrl', hint: 'clinics.ehr.jwksUrlHint' }
      : { id: 'ehr-jwks', label: 'clinics.ehr.jwks', hint: 'clinics.ehr.jwksHint' };
  const inputProps = {
    id: field.id,
    required: true,
    spellCheck: false,
    'aria-describedby': problem ? `${field.id}-hint ehr-keys-error` : `${field.id}-hint`,
    'aria-invalid': problem ? true : undefined,
    onChange: () => setLocal(undefined),
  };

  return (
    <>
      <p>
        <Link to={`/clinics/${clinicId}`}>{clinic.data?.name ?? t('clinics.title')}</Link>
      </p>
      <h1>{t('clinics.ehr.title')}</h1>
      <p>{t('clinics.ehr.intro')}</p>
      <FormError error={clinic.error ?? client.error} />
      {client.data && <ClientDetails client={client.data} />}
      {client.isSuccess && !client.data && <p className="muted">{t('clinics.ehr.none')}</p>}
      {client.isSuccess && (
        <section className="card" aria-labelledby="ehr-keys-title">
          <h2 id="ehr-keys-title">
            {client.data ? t('clinics.ehr.rotateTitle') : t('clinics.ehr.keysTitle')}
          </h2>
          <form onSubmit={onSubmit} aria-labelledby="ehr-keys-title">
            <fieldset className="choice">
              <legend>{t('clinics.ehr.source')}</legend>
              {(['url', 'paste'] as const).map((value) => (
                <label key={value}>
                  <input
                    type="radio"
                    name="keySource"
                    value={value}
                    checked={source === value}
                    onChange={() => {
                      setSource(value);
                      setLocal(undefined);
                      save.reset();
                    }}
                  />{' '}
                  {t(value === 'url' ? 'clinics.ehr.sourceUrl' : 'clinics.ehr.sourcePaste')}
                </label>
              ))}
            </fieldset>
            {/* One field at a time; the shared parts (label, hint, error) are the same. */}
            <div className="field">
              <label htmlFor={field.id}>{t(field.label)}</label>
              <p id={`${field.id}-hint`} className="hint">
                {t(field.hint)}
              </p>
              {source === 'url' ? (
                <input
                  {...inputProps}
                  name="jwksUrl"
                  type="url"
                  inputMode="url"
                  maxLength={2000}
                  autoComplete="off"
                  placeholder="https://ehr.example.org/.well-known/jwks.json"
                  defaultValue={client.data?.jwksUrl ?? ''}
                />
              ) : (
                <textarea {...inputProps} name="jwks" rows={8} className="code-input" />
              )}
              {problem && (
                <p id="ehr-keys-error" className="field-error" role="alert">
                  {t(`clinics.ehr.problems.${problem}`, {
                    defaultValue: t('clinics.ehr.problems.unreadable'),
                  })}
                </p>
              )}
            </div>
            {!problem && <FormError error={save.error} />}
            {save.isSuccess && save.data && (
              <Notice tone="success">
                {t(save.data.jwksUrl ? 'clinics.ehr.savedUrl' : 'clinics.ehr.saved')}
              </Notice>
            )}
            {save.isSuccess && !save.data && <Notice tone="success">{t('clinics.ehr.removed')}</Notice>}
            <SubmitButton busy={save.isPending}>
              {client.data ? t('clinics.ehr.rotate') : t('clinics.ehr.register')}
            </SubmitButton>
          </form>
        </section>
      )}
      {client.data && (
        <section className="card" aria-labelledby="ehr-remove-title">
          <h2 id="ehr-remove-title">{t('clinics.ehr.removeTitle')}</h2>
          <p className="muted">{t('clinics.ehr.removeHint')}</p>
          {confirming ? (
            <p className="actions">
              <button
                type="button"
                className="button danger"
                disabled={save.isPending}
                onClick={() => save.mutate(null, { onSettled: () => setConfirming(false) })}
              >
                {t('clinics.ehr.removeConfirm')}
              </button>{' '}
              <button type="button" className="button" onClick={() => setConfirming(false)}>
                {t('clinics.ehr.cancel')}
              </button>
            </p>
          ) : (
            <button type="button" className="button danger" onClick={() => setConfirming(true)}>
              {t('clinics.ehr.remove')}
            </button>
          )}
        </section>
      )}
    </>
  );
}

/** What the clinic's IT enters in the EHR. */
function ClientDetails({ client }: { client: ClinicBackendClientView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows: Array<[string, string]> = [
    [t('clinics.ehr.clientId'), client.clientId],
    [t('clinics.ehr.tokenUrl'), client.tokenUrl],
    [t('clinics.ehr.fhirBaseUrl'), client.fhirBaseUrl],
    [t('clinics.ehr.groupUrl'), `${client.fhirBaseUrl}/Group/${client.groupId}`],
    [t('clinics.ehr.scopes'), client.scopes.join(' ')],
    client.jwksUrl
      ? [t('clinics.ehr.keySetUrl'), client.jwksUrl]
      : [t('clinics.ehr.keyIds'), client.keyIds.join(', ') || t('clinics.ehr.noKeyId')],
  ];
  return (
    <section className="card" aria-labelledby="ehr-config-title">
      <h2 id="ehr-config-title">{t('clinics.ehr.configTitle')}</h2>
      <p className="muted">{t('clinics.ehr.configHint')}</p>
      <dl className="ehr-config">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <code>{value}</code>
            </dd>
          </div>
        ))}
      </dl>
      <p className="muted">
        {t('clinics.ehr.updated', {
          when: format.inZone(client.updatedAt, { dateStyle: 'medium', timeStyle: 'short' }),
        })}
      </p>
    </section>
  );
}
