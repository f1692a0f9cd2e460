CREATE TABLE "clinic_devices" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"serial" text NOT NULL,
	"model_id" text NOT NULL,
	"cellular" boolean DEFAULT false NOT NULL,
	"assigned_user_id" uuid,
	"assigned_at" timestamp with time zone,
	"invitation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clinic_patient_notes" (
	"user_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clinic_patient_notes_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "clinic_time_log" (
	"user_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"day" date NOT NULL,
	"minutes" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"interactive" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clinic_time_log_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "clinic_transmission_days" (
	"user_id" uuid NOT NULL,
	"clinic_id" uuid NOT NULL,
	"day" date NOT NULL,
	"readings" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "clinic_transmission_days_user_id_clinic_id_day_pk" PRIMARY KEY("user_id","clinic_id","day")
);
--> statement-breakpoint
CREATE TABLE "staff_roles" (
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_roles_user_id_role_pk" PRIMARY KEY("user_id","role")
);
--> statement-breakpoint
CREATE TABLE "support_grants" (
	"user_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"asked_categories" jsonb NOT NULL,
	"asked_reason" text NOT NULL,
	"asked_by" uuid NOT NULL,
	"asked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"device_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"granted_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"declined_at" timestamp with time zone,
	CONSTRAINT "support_grants_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "support_messages" (
	"user_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"author" text NOT NULL,
	"staff_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_messages_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "support_requests" (
	"user_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"topic" text NOT NULL,
	"device_id" text,
	"state" text DEFAULT 'open' NOT NULL,
	"assignee_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	CONSTRAINT "support_requests_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_suspensions" (
	"user_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"reason" text NOT NULL,
	"state" text DEFAULT 'active' NOT NULL,
	"suspended_by" uuid NOT NULL,
	"suspended_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rectify_by" timestamp with time zone NOT NULL,
	"lifted_by" uuid,
	"lifted_at" timestamp with time zone,
	"lift_reason" text,
	"closed_at" timestamp with time zone,
	"legal_case_ref" text,
	CONSTRAINT "account_suspensions_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "inactivity_notices" (
	"user_id" uuid NOT NULL,
	"notice" text NOT NULL,
	"inactive_since" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inactivity_notices_user_id_notice_inactive_since_pk" PRIMARY KEY("user_id","notice","inactive_since")
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"notice_from" timestamp with time zone NOT NULL,
	"message_en" text NOT NULL,
	"message_fr" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"mailed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "legal_disclosures" (
	"user_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"case_ref" text NOT NULL,
	"authority" text NOT NULL,
	"legal_basis" text NOT NULL,
	"scope" jsonb NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"disclosed_at" timestamp with time zone,
	"disclosed" text DEFAULT '' NOT NULL,
	"notice_allowed_from" timestamp with time zone,
	"notice_forbidden" text DEFAULT 'no' NOT NULL,
	"notified_at" timestamp with time zone,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_disclosures_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "processors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"country" text NOT NULL,
	"safeguard" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "health_imports" (
	"user_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"format" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text,
	"bytes_total" bigint NOT NULL,
	"bytes_received" bigint DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'uploading' NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"progress" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"resume" jsonb,
	"report" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"undone_at" timestamp with time zone,
	CONSTRAINT "health_imports_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_active_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "health_readings" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "health_sessions" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "firmware_versions" ADD COLUMN "required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "firmware_versions" ADD COLUMN "file_url" text;--> statement-breakpoint
ALTER TABLE "firmware_versions" ADD COLUMN "sha256" text;--> statement-breakpoint
ALTER TABLE "partner_apps" ADD COLUMN "clinic_id" uuid;--> statement-breakpoint
ALTER TABLE "partner_apps" ADD COLUMN "jwks" jsonb;--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "webhook_url" text;--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "webhook_secret" text;--> statement-breakpoint
ALTER TABLE "clinic_devices" ADD CONSTRAINT "clinic_devices_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinic_patient_notes" ADD CONSTRAINT "clinic_patient_notes_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinic_time_log" ADD CONSTRAINT "clinic_time_log_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinic_transmission_days" ADD CONSTRAINT "clinic_transmission_days_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clinic_devices_clinic_idx" ON "clinic_devices" USING btree ("clinic_id","assigned_user_id");--> statement-breakpoint
CREATE INDEX "clinic_patient_notes_clinic_idx" ON "clinic_patient_notes" USING btree ("clinic_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "clinic_time_log_clinic_day_idx" ON "clinic_time_log" USING btree ("clinic_id","day");--> statement-breakpoint
CREATE INDEX "support_grants_request_idx" ON "support_grants" USING btree ("user_id","request_id");--> statement-breakpoint
CREATE INDEX "support_messages_request_idx" ON "support_messages" USING btree ("user_id","request_id","created_at");--> statement-breakpoint
CREATE INDEX "support_requests_queue_idx" ON "support_requests" USING btree ("state","created_at","id");--> statement-breakpoint
CREATE INDEX "account_suspensions_state_idx" ON "account_suspensions" USING btree ("state","rectify_by");--> statement-breakpoint
CREATE INDEX "maintenance_windows_ends_idx" ON "maintenance_windows" USING btree ("ends_at");--> statement-breakpoint
CREATE INDEX "legal_disclosures_requested_idx" ON "legal_disclosures" USING btree ("requested_at");--> statement-breakpoint
CREATE INDEX "health_imports_user_sha_idx" ON "health_imports" USING btree ("user_id","file_sha256");--> statement-breakpoint
CREATE INDEX "health_readings_user_import_idx" ON "health_readings" USING btree ("user_id","import_id") WHERE "health_readings"."import_id" is not null;--> statement-breakpoint
CREATE INDEX "health_sessions_user_import_idx" ON "health_sessions" USING btree ("user_id","import_id") WHERE "health_sessions"."import_id" is not null;