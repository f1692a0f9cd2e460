import { expect } from 'vitest';
import type { TestUser } from '../../test/harness';

/** Scenarios of the support tests: a user's request, support's ask. */

/** The user opens a request; answers its id. */
export async function openRequest(user: TestUser, body: Record<string, unknown> = {}): Promise<string> {
  const res = await user.client.post('/api/me/support/requests', {
    topic: 'device',
    message: 'My scale does not sync since yesterday.',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

export const adminPath = (user: TestUser, id: string) => `/api/admin/support/requests/${user.user.id}/${id}`;

/** Support asks for categories; answers the ask's (grant's) id, read back from the user's side. */
export async function ask(
  agent: TestUser,
  user: TestUser,
  id: string,
  categories: string[] = ['weight'],
): Promise<string> {
  const res = await agent.client.post(`${adminPath(user, id)}/asks`, {
    categories,
    reason: 'To see whether the scale sends its readings.',
  });
  expect(res.statusCode, res.body).toBe(204);
  const mine = await user.client.get(`/api/me/support/requests/${id}`);
  const grants = mine.json<{ grants: Array<{ id: string; status: string }> }>().grants;
  return grants.filter((g) => g.status === 'asked').at(-1)!.id;
}
