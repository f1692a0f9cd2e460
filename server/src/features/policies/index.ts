// The policies feature's public face: the only file another feature imports (docs/architecture.md).
export { policyJobs } from './policies.jobs';
export { listPoliciesAsOperator, publishPolicyAsOperator } from './policies.operator';
export { registerPolicies } from './policies.routes';
export { createPoliciesService } from './policies.service';
export { policySessionFact } from './policy-gate';
