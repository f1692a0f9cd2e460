// The one schema source: every feature's tables, re-exported for drizzle and drizzle-kit.
export * from '../features/accounts/accounts.schema';
export * from '../features/audit/audit.schema';
export * from '../features/mail/mail.schema';
export * from '../features/second-factor/second-factor.schema';
export * from '../features/tokens/tokens.schema';
export * from '../features/health-data/health-data.schema';
export * from '../features/devices/devices.schema';
export * from '../features/devices/household.schema';
export * from '../features/consents/consents.schema';
export * from '../features/access-log/access-log.schema';
export * from '../features/goals/goals.schema';
export * from '../features/erasure/erasure.schema';
