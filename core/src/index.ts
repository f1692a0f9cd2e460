export * from './api-error';
export * from './password-policy';
export * from './digital-consent';
export * from './scopes';
export * from './password-strength';
export * from './account-fields';
export * from './health-data';
export * from './consents';
