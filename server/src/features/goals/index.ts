// The goals feature's public face: the only file another feature imports (docs/architecture.md).
export { createGoalsRepo } from './goals.repo';
export { registerGoals } from './goals.routes';
export { goals } from './goals.schema';
