export { createApp } from './app';
export { type Config, ConfigError, loadConfig } from './config';
export { openDatabase } from './db/client';
export { startServer } from './main';
