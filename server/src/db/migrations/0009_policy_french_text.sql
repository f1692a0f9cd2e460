ALTER TABLE "policy_versions" ADD COLUMN "summary_fr" text;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD COLUMN "markdown_fr" text;