CREATE TABLE "partner_user_ids" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"public_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "used_partner_user_ids" (
	"public_id" integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "partner_apps" ADD COLUMN "pkce_required" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "partner_user_ids_public_idx" ON "partner_user_ids" USING btree ("public_id");