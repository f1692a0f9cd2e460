ALTER TABLE "clinic_enrolments" ADD COLUMN "open_alerts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic_enrolments" ADD COLUMN "worst_rank" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic_enrolments" ADD COLUMN "alert_order" integer GENERATED ALWAYS AS (worst_rank * 100000 + least(open_alerts, 99999)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic_enrolments" ADD COLUMN "period_start" date;--> statement-breakpoint
ALTER TABLE "clinic_enrolments" ADD COLUMN "period_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic_enrolments" ADD COLUMN "last_day" date;--> statement-breakpoint
CREATE INDEX "clinic_alerts_active_queue_idx" ON "clinic_alerts" USING btree ("clinic_id","raised_at","id") WHERE "clinic_alerts"."state" in ('open', 'acknowledged');--> statement-breakpoint
CREATE INDEX "clinic_enrolments_alert_order_idx" ON "clinic_enrolments" USING btree ("clinic_id","alert_order","user_id") WHERE "clinic_enrolments"."stopped_at" is null;--> statement-breakpoint
-- Backfill of the list's kept figures (clinics.schema.ts): the open alerts of shared categories and
-- the worst severity, as monitoring.repo.ts recountAlerts counts them.
UPDATE "clinic_enrolments" e SET ("open_alerts", "worst_rank") = (
  SELECT count(*)::int, coalesce(max(CASE a.severity WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 ELSE 1 END), 0)::int
  FROM "clinic_alerts" a
  WHERE a.user_id = e.user_id AND a.clinic_id = e.clinic_id AND a.state <> 'resolved'
    AND (a.metric NOT IN ('blood_pressure', 'weight_gain', 'spo2', 'body_temperature')
      OR e.categories @> jsonb_build_array(CASE a.metric WHEN 'blood_pressure' THEN 'blood_pressure'
        WHEN 'weight_gain' THEN 'weight' WHEN 'spo2' THEN 'oxygen_saturation' ELSE 'temperature' END)));--> statement-breakpoint
-- ... the last day with data, its 30-day period (from the enrolment day, the patient's zone) and that
-- period's days with data, as the transmission upsert keeps them (evaluation-context.repo.ts).
UPDATE "clinic_enrolments" e SET "last_day" = k.last_day, "period_start" = k.start, "period_days" = (
  SELECT count(*)::int FROM "clinic_transmission_days" d
  WHERE d.user_id = e.user_id AND d.clinic_id = e.clinic_id AND d.day >= k.start AND d.day < k.start + 30)
FROM (
  SELECT x.user_id, x.clinic_id, x.last_day,
    x.enrol_day + 30 * (greatest(x.last_day - x.enrol_day, 0) / 30) AS start
  FROM (
    SELECT en.user_id, en.clinic_id, (en.enrolled_at AT TIME ZONE u.time_zone)::date AS enrol_day,
      (SELECT max(d.day) FROM "clinic_transmission_days" d
        WHERE d.user_id = en.user_id AND d.clinic_id = en.clinic_id) AS last_day
    FROM "clinic_enrolments" en JOIN "users" u ON u.id = en.user_id
  ) x
  WHERE x.last_day IS NOT NULL
) k
WHERE e.user_id = k.user_id AND e.clinic_id = k.clinic_id;
