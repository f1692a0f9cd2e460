import {
  ADHERENCE_PERIOD_DAYS,
  ADHERENCE_REQUIRED_DAYS,
  ADHERENCE_WARNING_DAY,
  type PatientFilter,
  type PatientSort,
} from '@vitalbase/core';
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { keysetAfter, type KeysetPart, keysetTime } from '../../db/keyset';
import { rowsOf } from './transmissions.repo';

export interface PatientSummaryRow {
  userId: string;
  displayName: string;
  categories: string[];
  enrolledAt: string;
  enrolDay: string;
  today: string;
  daysWithData: number;
  todayHasData: boolean;
  lastDay: string | null;
  openAlerts: number;
  worstRank: number;
  /** The sort's key of this row, for the next page's cursor. */
  key: string | number;
}

/** Each order: its key (one value, then the user id as tie-break), direction and SQL type. */
const orders: Record<PatientSort, { key: SQL; type: string; dir: 'asc' | 'desc' }> = {
  enrolled: { key: sql`r.enrolled_at`, type: 'timestamptz', dir: 'desc' },
  name: { key: sql`r.display_name`, type: 'text', dir: 'asc' },
  // Worst open alert first, then the most open alerts: the enrolment's kept `alert_order` (clinics.schema.ts).
  alerts: { key: sql`r.alert_order`, type: 'integer', dir: 'desc' },
  adherence: { key: sql`r.days_with_data`, type: 'integer', dir: 'asc' },
};

/**
 * A clinic's patients with what the list shows beside the name (issue #15 §Patient list): the current
 * 30-day period's days with data, the last day with data, and the open alerts of shared categories
 * with the worst severity. One statement per page whatever the order or filter, reading the figures
 * kept on the enrolment row (clinics.schema.ts), so a page by alerts is one range of the
 * (clinic_id, alert_order) index and any other order is arithmetic over the clinic's enrolments.
 * The kept period count stands when it is this period's and no kept day lies after today (the zone
 * moved); otherwise this period's days are counted from clinic_transmission_days (at most 30 rows).
 * The adherence rule here is core's `adherenceOf` in SQL (tested together in adherence.int.test.ts).
 */
export async function patientSummaries(
  tx: Executor,
  clinicId: string,
  opts: {
    now: Date;
    search?: string;
    patientId?: string;
    sort: PatientSort;
    filter: PatientFilter;
    limit: number;
    after?: { key: string | number; userId: string };
  },
): Promise<PatientSummaryRow[]> {
  const at = opts.now.toISOString();
  const like = opts.search ? `%${opts.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const order = orders[opts.sort];
  const parts: KeysetPart[] = [
    { column: order.key, type: order.type },
    { column: sql`r.user_id`, type: 'uuid' },
  ];
  const dir = sql.raw(order.dir);
  const possible = sql`(r.days_with_data + (${ADHERENCE_PERIOD_DAYS}::int - r.day_no) + (case when r.today_has then 0 else 1 end))`;
  const warning = sql`(r.days_with_data < ${ADHERENCE_REQUIRED_DAYS}::int and ${possible} < ${ADHERENCE_REQUIRED_DAYS}::int and r.day_no >= ${ADHERENCE_WARNING_DAY}::int)`;
  const result = await tx.execute(sql`
    select r.user_id as "userId", r.display_name as "displayName", r.categories,
      ${keysetTime(sql`r.enrolled_at`)} as "enrolledAt", r.enrol_day::text as "enrolDay",
      r.today::text as "today", r.days_with_data as "daysWithData", r.today_has as "todayHasData",
      r.last_day::text as "lastDay", r.open_alerts as "openAlerts", r.worst_rank as "worstRank",
      ${opts.sort === 'enrolled' ? keysetTime(sql`r.enrolled_at`) : order.key} as "key"
    from (
      select s.*, (s.today - s.period_start + 1) as day_no,
        (case when s.kept then s.kept_days else (
          select count(*) from clinic_transmission_days d
          where d.user_id = s.user_id and d.clinic_id = ${clinicId}::uuid
            and d.day >= s.period_start and d.day <= s.today) end)::int as days_with_data,
        -- (a scalar lookup, not exists: the planner may hash an exists over the clinic's whole table)
        (case when s.kept then s.last_day = s.today else coalesce((
          select true from clinic_transmission_days d
          where d.user_id = s.user_id and d.clinic_id = ${clinicId}::uuid and d.day = s.today), false) end) as today_has
      from (
        select q.*, q.kept_start = q.period_start and q.last_day <= q.today as kept
        from (
          select p.*, p.enrol_day + ${ADHERENCE_PERIOD_DAYS}::int
            * (greatest(p.today - p.enrol_day, 0) / ${ADHERENCE_PERIOD_DAYS}::int) as period_start
          from (
            select e.user_id, u.display_name, e.categories, e.enrolled_at, e.open_alerts, e.worst_rank,
              e.alert_order, e.period_start as kept_start, e.period_days as kept_days, e.last_day,
              (e.enrolled_at at time zone u.time_zone)::date as enrol_day,
              (${at}::timestamptz at time zone u.time_zone)::date as today
            from clinic_enrolments e
            join users u on u.id = e.user_id
            where e.clinic_id = ${clinicId}::uuid and e.stopped_at is null
              ${like ? sql`and u.display_name ilike ${like}` : sql``}
              ${opts.patientId ? sql`and e.user_id = ${opts.patientId}::uuid` : sql``}
          ) p
        ) q
      ) s
    ) r
    where true
      ${opts.filter === 'alerts' ? sql`and r.open_alerts > 0` : sql``}
      ${opts.filter === 'not_adherent' ? sql`and ${warning}` : sql``}
      ${opts.after ? sql`and ${keysetAfter(parts, [opts.after.key, opts.after.userId], order.dir)}` : sql``}
    order by ${order.key} ${dir}, r.user_id ${dir}
    limit ${opts.limit}`);
  return rowsOf<PatientSummaryRow>(result).map((r) => ({
    ...r,
    daysWithData: Number(r.daysWithData),
    openAlerts: Number(r.openAlerts),
    worstRank: Number(r.worstRank),
    key: typeof r.key === 'string' ? r.key : Number(r.key),
  }));
}
