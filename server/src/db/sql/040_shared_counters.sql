-- Counters every app process must share (issue #19): with several processes or servers on one
-- database, a limit counted in one process's memory is N times looser. UNLOGGED: they are not worth
-- the WAL (a crash may forget them, which only resets some limits), and they are not in drizzle's
-- schema because drizzle cannot declare an unlogged table. Keys are sha256 of what they count (an
-- address, an email): nobody's identity is stored. Rows expire by themselves (see lib/shared-counters.ts).
CREATE UNLOGGED TABLE IF NOT EXISTS rate_limit_counters (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  window_ends_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_limit_counters_window_idx ON rate_limit_counters (window_ends_at);

CREATE UNLOGGED TABLE IF NOT EXISTS login_failure_counts (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  last_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failure_counts_last_idx ON login_failure_counts (last_at);
