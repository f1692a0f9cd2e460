export { createApp } from './app';
export { type Config, ConfigError, loadConfig } from './config';
export { openDatabase } from './db/client';
export { startServer } from './main';
export { factoryKey } from './features/devices/factory-key';
export type { Database } from './db/client';
export * from './features/accounts/operator.service';
export { sendCampaignAsOperator } from './features/consents/campaign.service';
