import { NOTE_MAX_CHARS, NOTE_MAX_TAGS, NOTE_TAG_MAX_CHARS } from '@vitalbase/core/health-data/notes';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, fieldErrorsOf, formValues, Notice, SubmitButton } from '../../components/forms';
import type { ReadingOut } from './queries';
import { useDeleteNote, useSaveNote } from './queries';

/** Tags as typed ("travel, after coffee") → the list sent (the server normalizes them further). */
function tagsOf(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The user's note and tags on a reading: written here, shown on the timeline, exported with the data. */
export function NoteEditor({ reading }: { reading: ReadingOut }) {
  const { t } = useTranslation();
  const noteId = useId();
  const save = useSaveNote(reading.id);
  const remove = useDeleteNote(reading.id);
  const [tagsError, setTagsError] = useState<string>();
  const current = reading.annotation;

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const tags = tagsOf(v.tags ?? '');
    if (tags.length > NOTE_MAX_TAGS || tags.some((tag) => tag.length > NOTE_TAG_MAX_CHARS)) {
      setTagsError(t('health.reading.tagsHint'));
      return;
    }
    setTagsError(undefined);
    remove.reset();
    save.mutate({ note: v.note ?? '', tags });
  };
  const errors = fieldErrorsOf(save.error);
  const tagsServerError = Object.entries(errors).find(([path]) => path.startsWith('tags'))?.[1];

  return (
    <section className="card" aria-labelledby="reading-note">
      <h2 id="reading-note">{t('health.reading.noteTitle')}</h2>
      {/* Keyed by the saved note: after a save or a removal the fields show what is stored. */}
      <form onSubmit={submit} noValidate key={`${current?.note ?? ''}|${current?.tags.join(',') ?? ''}`}>
        <div className="field">
          <label htmlFor={noteId}>{t('health.reading.note')}</label>
          <p id={`${noteId}-hint`} className="hint">
            {t('health.reading.noteHint')}
          </p>
          <textarea
            id={noteId}
            name="note"
            rows={3}
            maxLength={NOTE_MAX_CHARS}
            defaultValue={current?.note ?? ''}
            aria-describedby={`${noteId}-hint${errors.note ? ` ${noteId}-error` : ''}`}
            aria-invalid={errors.note ? true : undefined}
          />
          {errors.note && (
            <p id={`${noteId}-error`} className="field-error" data-field="note">
              {errors.note}
            </p>
          )}
        </div>
        <Field
          label={t('health.reading.tags')}
          hint={t('health.reading.tagsHint')}
          name="tags"
          autoComplete="off"
          defaultValue={current?.tags.join(', ') ?? ''}
          error={tagsError ?? tagsServerError}
        />
        <FormError error={save.error ?? remove.error} />
        {save.isSuccess && !remove.isSuccess && (
          <Notice tone="success">{t('health.reading.noteSaved')}</Notice>
        )}
        {remove.isSuccess && <Notice tone="success">{t('health.reading.noteRemoved')}</Notice>}
        <div className="actions">
          <SubmitButton busy={save.isPending}>{t('health.reading.saveNote')}</SubmitButton>
          {current && (
            <button
              type="button"
              className="button"
              onClick={() => {
                save.reset();
                remove.mutate();
              }}
              disabled={remove.isPending}
            >
              {t('health.reading.removeNote')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
