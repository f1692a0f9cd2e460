CREATE TABLE "account_preferences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"units" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"second_factor_nudge_dismissed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health_reading_notes" (
	"user_id" uuid NOT NULL,
	"reading_id" uuid NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "health_reading_notes_user_id_reading_id_pk" PRIMARY KEY("user_id","reading_id")
);
