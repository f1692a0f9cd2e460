// The sharding rule's exceptions (issue #19, docs/scaling.md): checked by db/schema-rules.test.ts, and
// on Citus the reference tables (or, where written often, tables distributed by their own key), while
// every other table is distributed by user_id. Tests read it (the query-plan check as well), nothing
// at run time.
/**
 * Tables that may break the sharding rule, each with its reason. On Citus these are reference tables
 * (copied to every node) or the distribution column's own home. Adding one is a design decision: say why.
 * pg-boss's tables (schema `pgboss`) are not in drizzle and are not checked here: they hold job
 * metadata, and job data carries identifiers only (see jobs/job.ts).
 */
export const GLOBAL_TABLE_EXCEPTIONS: Record<string, string> = {
  users: 'the account itself: its `id` is the user id every other table is distributed by',
  account_emails:
    'the global email directory (normalized email → user id): an email is unique across all users, so it cannot be sharded by user',
  device_models: 'product catalog, the same for every user (devices feature)',
  firmware_versions: 'firmware released per model, the same for every user (devices feature)',
  manufactured_units:
    'factory registry of every unit made, existing before any owner; paired_user_id only marks a unit as taken (devices feature)',
  erasure_tombstones:
    'what remains of a purged account (request and purge dates only): it must hold no user id, so it cannot be keyed by one (erasure feature)',
  policy_versions:
    'the published versions of the privacy policy and terms, the same text for every user (policies feature)',
  partner_apps:
    'OAuth client catalog: an app is registered once and connected by many users; owner_user_id only marks who manages it (oauth feature)',
  oidc_payloads:
    "oidc-provider's storage: opaque tokens and codes are looked up by their value alone, so the key cannot lead with user_id; user_id is kept and indexed for Disconnect and erasure (oauth feature)",
  partner_user_ids:
    "a user's public integer id (Withings-style `userid`) must be unique across all users, a global lookup; the row is keyed by user_id and erased with the account (oauth feature)",
  used_partner_user_ids:
    'every public integer id ever handed out, so none is reused after erasure: a bare number with no user id (oauth feature)',
  partner_app_webhooks:
    "a partner app's webhook endpoint, part of the global app catalog like partner_apps; it holds no user data (webhooks feature)",
  clinics:
    'an organisation patients share data with and staff work in: many users of both kinds, owned by none; a reference table (clinics feature)',
  clinic_invitations:
    "a clinic's invitation of staff or a patient, addressed to an email that may have no account yet and found by its secret's hash alone; it belongs to the clinic (clinics feature)",
  clinic_devices:
    "a clinic's device stock, held before any patient has it; assigned_user_id only marks who holds a unit (clinics feature)",
  maintenance_windows: 'a maintenance notice shown to every user, owned by none (lifecycle feature)',
  processors: "the operator's register of processors and transfers, the same for every user (legal feature)",
};
