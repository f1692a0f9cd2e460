// The tokens feature's public face: the only file another feature imports (docs/architecture.md).
export { createPersonalAccessTokenResolver } from './token-resolver';
export { registerTokens } from './tokens.routes';
export { personalAccessTokens } from './tokens.schema';
