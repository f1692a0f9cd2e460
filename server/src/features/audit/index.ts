// The audit feature's public face: the only file another feature imports (docs/architecture.md).
export { type ChainReport, verifyAuditChains } from './audit-chain';
export { type AuditRepo, createAuditRepo, type NewAuditEvent } from './audit.repo';
export { auditEvents } from './audit.schema';
