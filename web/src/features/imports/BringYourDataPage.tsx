import type { CsvMapping, ImportFormat } from '@vitalbase/core/imports';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FormError, SelectField, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useMe } from '../../api/queries';
import { CsvMappingFields, csvHeader } from './CsvMappingFields';
import { ImportList } from './ImportList';
import { useUploadImport } from './queries';

const FORMATS: ImportFormat[] = ['withings_archive', 'apple_health', 'fhir', 'csv'];

/**
 * Bring your data (issue #18): upload a Withings archive, FHIR Observations or a CSV (with its column
 * mapping), follow the upload, then the parse and store; the list holds each import's report and undo.
 */
export function BringYourDataPage() {
  const { t } = useTranslation();
  useTitle(t('imports.title'));
  const me = useMe();
  const [format, setFormat] = useState<ImportFormat>('withings_archive');
  const [file, setFile] = useState<File | undefined>();
  const [header, setHeader] = useState<string[]>([]);
  const [mapping, setMapping] = useState<CsvMapping | undefined>();
  const [sent, setSent] = useState(0);
  // A new key empties the file input once its file is sent (the browser keeps the name otherwise).
  const [inputKey, setInputKey] = useState(0);
  const upload = useUploadImport(setSent);

  const choose = async (f: File | undefined, fmt = format) => {
    setFile(f);
    setSent(0);
    setMapping(undefined);
    if (!f || fmt !== 'csv') return;
    const columns = await csvHeader(f);
    setHeader(columns);
    setMapping({ dateColumn: columns[0] ?? '', dateFormat: 'iso', timeZone: me.data?.timeZone, columns: [] });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    upload.mutate(
      { file, format, ...(format === 'csv' && mapping ? { options: mapping } : {}) },
      {
        onSuccess: () => {
          setFile(undefined);
          setMapping(undefined);
          setInputKey((k) => k + 1);
        },
      },
    );
  };
  return (
    <>
      <p>
        <Link to="/privacy">{t('exports.back')}</Link>
      </p>
      <h1>{t('imports.title')}</h1>
      <section className="card" aria-labelledby="imports-upload-title">
        <h2 id="imports-upload-title">{t('imports.upload')}</h2>
        <p>{t('imports.intro')}</p>
        <form onSubmit={submit}>
          <FormError error={upload.error} />
          <SelectField
            label={t('imports.format')}
            name="format"
            value={format}
            onChange={(e) => {
              const next = e.target.value as ImportFormat;
              setFormat(next);
              void choose(file, next);
            }}
          >
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`imports.formats.${f}`)}
              </option>
            ))}
          </SelectField>
          <div className="field">
            <label htmlFor="import-file">{t('imports.file')}</label>
            <p id="import-file-hint" className="hint">
              {t(`imports.hints.${format}`)}
            </p>
            <input
              key={inputKey}
              id="import-file"
              type="file"
              aria-describedby="import-file-hint"
              onChange={(e) => void choose(e.target.files?.[0])}
            />
          </div>
          {format === 'csv' && mapping && (
            <CsvMappingFields header={header} mapping={mapping} onChange={setMapping} />
          )}
          {file && upload.isPending && (
            <p>
              <label htmlFor="import-upload-progress">{t('imports.uploading')}</label>{' '}
              <progress id="import-upload-progress" max={file.size} value={sent} />
            </p>
          )}
          <SubmitButton busy={upload.isPending}>{t('imports.start')}</SubmitButton>
        </form>
      </section>
      <ImportList />
    </>
  );
}
