export * from './api-error';
export * from './password-policy';
export * from './digital-consent';
