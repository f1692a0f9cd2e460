// The webhooks feature's public face: the only file another feature imports (docs/architecture.md).
export { forgetPartnerAppInWebhooks } from './app-removal';
export { recordTargetEvent, registerWebhookTarget, type WebhookEndpoint } from './external-targets';
export { DataChanges, grantsAppli, NOTIFY_APPLIS, scopesForAppli } from './data-changes';
export { sendToPartner } from './http-sender';
export { createNotifyRepo, type NotifySubscriptionRow } from './notify-subscriptions.repo';
export {
  HAS_CONNECTED_APP,
  notifyPartnerOfDisconnect,
  notifyPartnersOfErasure,
  recordDataChanges,
} from './partner-events';
export { newWebhookSecret } from './signature';
export { callbackUrlProblem } from './url-guard';
export { webhookJobs } from './webhooks.jobs';
export { registerWebhooks } from './webhooks.routes';
