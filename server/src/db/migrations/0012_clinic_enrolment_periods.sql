CREATE TABLE "clinic_enrolment_periods" (
	"user_id" uuid NOT NULL,
	"clinic_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	CONSTRAINT "clinic_enrolment_periods_user_id_clinic_id_started_at_pk" PRIMARY KEY("user_id","clinic_id","started_at")
);
--> statement-breakpoint
ALTER TABLE "clinic_enrolment_periods" ADD CONSTRAINT "clinic_enrolment_periods_user_id_clinic_id_clinic_enrolments_user_id_clinic_id_fk" FOREIGN KEY ("user_id","clinic_id") REFERENCES "public"."clinic_enrolments"("user_id","clinic_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clinic_enrolment_periods_clinic_idx" ON "clinic_enrolment_periods" USING btree ("clinic_id","started_at","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "clinic_enrolment_periods_open_idx" ON "clinic_enrolment_periods" USING btree ("user_id","clinic_id") WHERE "clinic_enrolment_periods"."stopped_at" is null;--> statement-breakpoint
-- Backfill: each enrolment's current period (earlier periods were not kept before this table).
INSERT INTO "clinic_enrolment_periods" ("user_id", "clinic_id", "started_at", "stopped_at")
SELECT "user_id", "clinic_id", "enrolled_at", "stopped_at" FROM "clinic_enrolments";
