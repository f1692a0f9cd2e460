-- Security events are append-only: nothing may rewrite one. (Rows go only when their account is erased.)
CREATE OR REPLACE FUNCTION vitalbase_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rows of % are append-only', TG_TABLE_NAME;
END;
$$;
DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION vitalbase_refuse_update();

-- TRUNCATE skips row triggers and DELETE rights alike: refused for every role, the owner included.
CREATE OR REPLACE FUNCTION vitalbase_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% cannot be truncated', TG_TABLE_NAME;
END;
$$;
DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION vitalbase_refuse_truncate();

-- The hash chain: each user's events are numbered 1, 2, … and each stores
-- hash = sha256(prev_hash || canonical content), so a row edited, removed or inserted afterwards by
-- anyone who can bypass the rights above (the owner) breaks the chain at that row. One chain per user:
-- inserts for different users never wait for each other, and an erased user's chain goes whole.
-- The per-user advisory lock (held to commit) makes concurrent inserts for one user take turns, and the
-- read of the last link after it sees the previous insert committed (READ COMMITTED), so the chain
-- never forks; the unique (user_id, seq) index turns any fork into an error.
-- The canonical form is also in migration 0003 (backfill) and in features/audit/audit-chain.ts (verify):
-- change none of them alone.
CREATE OR REPLACE FUNCTION vitalbase_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq integer;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(72616875, hashtext(NEW.user_id::text));
  SELECT seq, hash INTO last_seq, last_hash FROM audit_events
    WHERE user_id = NEW.user_id ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := last_hash;
  NEW.hash := encode(sha256(convert_to(coalesce(last_hash, '') ||
    jsonb_build_array(NEW.user_id, NEW.id, NEW.seq, to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      NEW.actor_type, NEW.actor_id, NEW.action, NEW.ip, NEW.user_agent, NEW.details)::text, 'UTF8')), 'hex');
  RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS audit_events_chain ON audit_events;
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION vitalbase_audit_chain();

-- Erasure: the app's role may not DELETE audit rows. This function, owned by the owner and run with
-- its rights, deletes the whole chain of one account, and only once the account itself is gone (in the
-- same transaction: deleteUserData calls it after deleting the user), so it cannot thin out the trail
-- of a living account. Every other chain stays whole and verifiable.
CREATE OR REPLACE FUNCTION vitalbase_purge_user_audit(erased uuid) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  n integer;
BEGIN
  IF EXISTS (SELECT 1 FROM users WHERE id = erased) THEN
    RAISE EXCEPTION 'the audit trail of an existing account cannot be deleted';
  END IF;
  DELETE FROM audit_events WHERE user_id = erased;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END;
$$;
REVOKE ALL ON FUNCTION vitalbase_purge_user_audit(uuid) FROM PUBLIC;

-- The serving role's rights, granted by the owner after every migration (db/client.ts): everything on
-- the app's tables, but only SELECT and INSERT on the audit trail (no UPDATE, DELETE, TRUNCATE, and no
-- trigger can be dropped but by the owner); the erasure function; reading the migration history (to
-- check the schema is current without migrating); and CREATE on the database, because the job queue
-- (pg-boss) creates and owns its schema and adds a table per queue at run time. A job-queue schema made
-- before the roles were split belongs to the owner: it is handed to the serving role (the owner must
-- then be a member of it, or a superuser).
CREATE OR REPLACE FUNCTION vitalbase_grant_app_role(app name) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);
  EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA public TO %I', app);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app);
  EXECUTE format('REVOKE ALL ON audit_events FROM %I', app);
  EXECUTE format('GRANT SELECT, INSERT ON audit_events TO %I', app);
  EXECUTE format('GRANT EXECUTE ON FUNCTION vitalbase_purge_user_audit(uuid) TO %I', app);
  EXECUTE format('GRANT CREATE ON DATABASE %I TO %I', current_database(), app);
  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'drizzle') THEN
    EXECUTE format('GRANT USAGE ON SCHEMA drizzle TO %I', app);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO %I', app);
  END IF;
  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pgboss' AND nspowner <> to_regrole(app)) THEN
    EXECUTE format('ALTER SCHEMA pgboss OWNER TO %I', app);
    FOR r IN
      SELECT c.oid::regclass AS rel FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
      WHERE ns.nspname = 'pgboss' AND c.relkind IN ('r', 'p', 'v', 'm')
    LOOP
      EXECUTE format('ALTER TABLE %s OWNER TO %I', r.rel, app);
    END LOOP;
    FOR r IN
      SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace ns ON ns.oid = p.pronamespace
      WHERE ns.nspname = 'pgboss'
    LOOP
      EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.fn, app);
    END LOOP;
    FOR r IN
      SELECT t.oid::regtype AS ty FROM pg_type t JOIN pg_namespace ns ON ns.oid = t.typnamespace
      WHERE ns.nspname = 'pgboss' AND t.typtype IN ('e', 'd')
    LOOP
      EXECUTE format('ALTER TYPE %s OWNER TO %I', r.ty, app);
    END LOOP;
  END IF;
END;
$$;
