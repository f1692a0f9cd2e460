// The oauth feature's public face: the only file another feature imports (docs/architecture.md).
export {
  APP_DISABLED_MESSAGE,
  appDisabled,
  disablePartnerAppAsOperator,
  enablePartnerAppAsOperator,
  isAppDisabled,
} from './app-disable';
export { createConnectionsRepo } from './connections.repo';
export { forgetUserInPartnerApps } from './erasure';
export { registerOAuth } from './oauth.routes';
export { oauthRoutes } from './oidc-provider';
export { assertPartnerConnection, insufficientScope } from './partner-access-check';
export { onPartnerAppRemoval, onPartnerDisconnect } from './partner-app-hooks';
export * from './partner-apps.operator';
export { createPartnerAppsRepo } from './partner-apps.repo';
export { createPartnerAppsService } from './partner-apps.service';
export {
  authenticatePartnerToken,
  endAllConnections,
  endConnections,
  type PartnerPrincipal,
  readAsPartner,
} from './partner-auth';
export { publicUserId } from './public-user-ids';
export type { JwksUrlPolicy } from './jwks-url';
export {
  type BackendClientKeys,
  findClinicBackendClient,
  findSystemPrincipal,
  registerClinicBackendClient,
  removeClinicBackendClient,
  type ClinicBackendClient,
  type SystemPrincipal,
  systemScopes,
} from './system-clients';
