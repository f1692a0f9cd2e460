import type { ReportLine } from '@vitalbase/core/clinic-care';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { periodDates } from './report-periods';

/**
 * A patient's periods of sharing with the clinic (a stop and a new enrolment are two), one a line: on
 * the monthly report and the patient page.
 */
export function SharingPeriods(props: {
  periods: ReportLine['periods'];
  /** The id of the visible label of the list, if any. */
  labelledBy?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <ul className="sharing-periods" aria-labelledby={props.labelledBy}>
      {props.periods.map((p) => {
        const { dates, open } = periodDates(p, format.locale, format.timeZone);
        return (
          <li key={p.startedAt} className="sharing-period">
            {open ? t('clinics.report.periodOpen', { start: dates }) : dates}
          </li>
        );
      })}
    </ul>
  );
}
