import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, fieldErrorsOf, formValues, Notice } from '../../components/forms';
import { useOneTimeToken } from '../../components/use-one-time-token';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useAnswerParentalConsent, useParentalConsentRequest } from '../account/queries';

/**
 * For the parent, opened from their mail: who the child is, what consenting means, and the choice.
 * Refusing deletes the child's account and its data [terms 1.6], so the page says so before.
 */
export function ParentalConsentPage() {
  const { t } = useTranslation();
  useTitle(t('parentalConsent.title'));
  const format = useFormat();
  const token = useOneTimeToken();
  const request = useParentalConsentRequest(token);
  const answer = useAnswerParentalConsent(token);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // Which of the two submit buttons was pressed is the decision.
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const decision = submitter?.value === 'refuse' ? 'refuse' : 'grant';
    answer.mutate({ decision, parentName: formValues(e.currentTarget).parentName?.trim() ?? '' });
  }

  return (
    <section className="card">
      <h1>{t('parentalConsent.title')}</h1>
      {!token && <Notice tone="warning">{t('common.linkIncomplete')}</Notice>}
      <FormError error={request.error} />
      {answer.isSuccess && (
        <Notice tone="success">
          {answer.variables.decision === 'grant'
            ? t('parentalConsent.granted')
            : t('parentalConsent.refused')}
        </Notice>
      )}
      {request.data && !answer.isSuccess && (
        <>
          <p>
            {t('parentalConsent.intro', {
              name: request.data.childDisplayName,
              birthDate: format.date(request.data.childBirthDate),
            })}
          </p>
          <p>{t('parentalConsent.explainGrant')}</p>
          <p>{t('parentalConsent.explainRefuse')}</p>
          <form onSubmit={submit} noValidate>
            <FormError error={answer.error} />
            <Field
              label={t('fields.parentName')}
              name="parentName"
              autoComplete="name"
              error={fieldErrorsOf(answer.error).parentName}
              required
            />
            <div className="actions">
              <button type="submit" className="button primary" value="grant" disabled={answer.isPending}>
                {t('parentalConsent.grant')}
              </button>
              <button type="submit" className="button danger" value="refuse" disabled={answer.isPending}>
                {t('parentalConsent.refuse')}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
