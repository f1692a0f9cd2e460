import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/forms';
import { browserTimeZone } from '../../i18n/format';

/** Every zone this browser knows (the account's own first if it is not among them), with its offset now. */
function timeZoneOptions(current: string): Array<{ zone: string; offset: string }> {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = all.includes(current) ? all : [current, ...all];
  const now = Date.now();
  return zones.map((zone) => {
    let offset = '';
    try {
      offset =
        new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' })
          .formatToParts(now)
          .find((p) => p.type === 'timeZoneName')?.value ?? '';
    } catch {
      // A zone this browser does not know (the server's list is longer): shown without its offset.
    }
    return { zone, offset };
  });
}

/**
 * The account's time zone (docs/time-zones.md): a text field with the zones as suggestions (a native
 * combobox: type "Paris" or "Los" and pick), which any keyboard and screen reader can use.
 */
export function TimeZoneField({ defaultValue, error }: { defaultValue: string; error?: string | undefined }) {
  const { t } = useTranslation();
  const listId = useId();
  const options = useMemo(() => timeZoneOptions(defaultValue), [defaultValue]);
  return (
    <Field
      label={t('fields.timeZone')}
      hint={t('account.timeZoneHint', { browser: browserTimeZone() })}
      name="timeZone"
      list={listId}
      autoComplete="off"
      spellCheck={false}
      required
      defaultValue={defaultValue}
      // The server's message is English; what went wrong is always the same: not a zone of the list.
      error={error ? t('account.timeZoneInvalid') : undefined}
    >
      <datalist id={listId}>
        {options.map((o) => (
          <option key={o.zone} value={o.zone}>
            {`${o.zone.replace(/_/g, ' ')}${o.offset ? ` (${o.offset})` : ''}`}
          </option>
        ))}
      </datalist>
    </Field>
  );
}
