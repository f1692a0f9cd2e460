import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { useAddNote, useNotes } from './queries';

/**
 * The clinic's notes on a patient (issue #15): the clinic's record, newest first. They stay readable
 * after the patient stops sharing; writing needs the patient to share (`canWrite`: still enrolled).
 */
export function ClinicNotesSection(props: { clinicId: string; patientId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const notes = useNotes(props.clinicId, props.patientId);
  const add = useAddNote(props.clinicId, props.patientId);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const body = new FormData(form).get('body');
    add.mutate(typeof body === 'string' ? body : '', { onSuccess: () => form.reset() });
  };
  return (
    <section className="card" aria-labelledby="notes-title">
      <h2 id="notes-title">{t('clinics.notes.title')}</h2>
      <p className="muted">{t('clinics.notes.hint')}</p>
      <FormError error={notes.error} />
      {props.canWrite && (
        <form aria-label={t('clinics.notes.write')} onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor="clinic-note">{t('clinics.notes.write')}</label>
            <textarea id="clinic-note" name="body" required maxLength={5000} rows={3} />
          </div>
          <FormError error={add.error} />
          <SubmitButton busy={add.isPending}>{t('clinics.notes.save')}</SubmitButton>
        </form>
      )}
      {notes.isSuccess && notes.data.notes.length === 0 && <p className="muted">{t('clinics.notes.none')}</p>}
      {notes.data && notes.data.notes.length > 0 && (
        <ul className="note-list">
          {notes.data.notes.map((n) => (
            <li key={n.id}>
              <p className="muted">
                {n.authorName || t('clinics.formerStaff')} ·{' '}
                {format.inZone(n.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
              </p>
              <p className="note-body">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
