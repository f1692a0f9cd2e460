ALTER TABLE "audit_events" ADD COLUMN "seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "hash" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Events recorded before the hash chain existed are chained here, once: per user in (at, id) order,
-- with the canonical form of the insert trigger (server/src/db/sql/010_audit_append_only.sql, which must
-- stay the same form) so that `vitalbase audit verify` checks them too. The append-only trigger, where
-- this database has it already, is set aside for this one rewrite by the owner.
DO $$
DECLARE
  r record;
  prev text;
  cur uuid;
  n integer;
  guarded boolean := EXISTS (
    SELECT 1 FROM pg_trigger WHERE tgname = 'audit_events_append_only' AND tgrelid = 'audit_events'::regclass
  );
BEGIN
  IF guarded THEN
    ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
  END IF;
  FOR r IN SELECT * FROM audit_events ORDER BY user_id, at, id LOOP
    IF cur IS DISTINCT FROM r.user_id THEN
      cur := r.user_id;
      prev := NULL;
      n := 0;
    END IF;
    n := n + 1;
    UPDATE audit_events SET seq = n, prev_hash = prev, hash = encode(sha256(convert_to(coalesce(prev, '') ||
      jsonb_build_array(r.user_id, r.id, n, to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        r.actor_type, r.actor_id, r.action, r.ip, r.user_agent, r.details)::text, 'UTF8')), 'hex')
    WHERE user_id = r.user_id AND id = r.id
    RETURNING hash INTO prev;
  END LOOP;
  IF guarded THEN
    ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only;
  END IF;
END $$;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_chain" ON "audit_events" USING btree ("user_id","seq");
