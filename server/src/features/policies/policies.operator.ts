import type { PolicyPublishInput } from '@vitalbase/core';
import type { Database } from '../../db/client';
import { createPoliciesService } from './policies.service';

/**
 * The operator's side of policy versions (`vitalbase policy …`). Publishing only records the version:
 * the server's job queue mails the announcement of a major one (policies.announce-major-versions).
 */
export async function publishPolicyAsOperator(
  database: Pick<Database, 'db'>,
  input: PolicyPublishInput,
  now = new Date(),
) {
  return createPoliciesService({ database, now: () => now }).publish(input);
}

export async function listPoliciesAsOperator(database: Pick<Database, 'db'>, now = new Date()) {
  const policies = createPoliciesService({ database, now: () => now });
  await policies.seed();
  return policies.list();
}
