-- Consent history and the data access log are append-only (proof of what was agreed, and of who read
-- what). Rows go only when their account is erased. vitalbase_refuse_update() is defined in 010.
DROP TRIGGER IF EXISTS consent_history_append_only ON consent_history;
CREATE TRIGGER consent_history_append_only BEFORE UPDATE ON consent_history
  FOR EACH ROW EXECUTE FUNCTION vitalbase_refuse_update();
DROP TRIGGER IF EXISTS data_access_log_append_only ON data_access_log;
CREATE TRIGGER data_access_log_append_only BEFORE UPDATE ON data_access_log
  FOR EACH ROW EXECUTE FUNCTION vitalbase_refuse_update();
