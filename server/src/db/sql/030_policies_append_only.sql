-- A published policy version is never edited (a correction is a new version), and an acceptance is the
-- proof of what a user agreed to: both are append-only. vitalbase_refuse_update() is defined in 010.
DROP TRIGGER IF EXISTS policy_versions_append_only ON policy_versions;
CREATE TRIGGER policy_versions_append_only BEFORE UPDATE ON policy_versions
  FOR EACH ROW EXECUTE FUNCTION vitalbase_refuse_update();
DROP TRIGGER IF EXISTS policy_acceptances_append_only ON policy_acceptances;
CREATE TRIGGER policy_acceptances_append_only BEFORE UPDATE ON policy_acceptances
  FOR EACH ROW EXECUTE FUNCTION vitalbase_refuse_update();
