CREATE TABLE "clinic_alerts" (
	"user_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"episode_key" text NOT NULL,
	"severity" text NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"reading" jsonb NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"last_abnormal_at" timestamp with time zone NOT NULL,
	"episode_ended_at" timestamp with time zone,
	"raised_at" timestamp with time zone NOT NULL,
	"assignee_id" uuid,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"resolution_note" text,
	"escalated_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clinic_alerts_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "clinic_thresholds" (
	"user_id" uuid NOT NULL,
	"clinic_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"preset" text NOT NULL,
	"limits" jsonb NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clinic_thresholds_user_id_clinic_id_metric_pk" PRIMARY KEY("user_id","clinic_id","metric")
);
--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "escalation_minutes" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic_alerts" ADD CONSTRAINT "clinic_alerts_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinic_thresholds" ADD CONSTRAINT "clinic_thresholds_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "clinic_alerts_running_episode_idx" ON "clinic_alerts" USING btree ("user_id","clinic_id","metric") WHERE "clinic_alerts"."episode_ended_at" is null;--> statement-breakpoint
CREATE INDEX "clinic_alerts_queue_idx" ON "clinic_alerts" USING btree ("clinic_id","state","raised_at","id");