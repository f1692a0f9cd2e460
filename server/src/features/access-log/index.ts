// The access-log feature's public face: the only file another feature imports (docs/architecture.md).
export { plugAccessCheck } from './access-checks';
export { plugStaffNameLookup, staffActorLabel } from './actor-names';
export { type AccessRecordCompanion, createAccessLogRepo } from './access-log.repo';
export { registerAccessLog } from './access-log.routes';
export { dataAccessLog } from './access-log.schema';
export { type AccessRequest, accessUserData, accessUsersData } from './access-user-data';
