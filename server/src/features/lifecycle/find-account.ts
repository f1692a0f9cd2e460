import type { Executor } from '../../db/client';
import { NotFound } from '../../lib/errors';
import { createUsersRepo, type UserRow } from '../accounts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The account a staff action names, by email or id (the console and the CLI accept either). */
export async function findAccount(db: Executor, ref: string): Promise<UserRow> {
  const users = createUsersRepo(db);
  const user = UUID.test(ref.trim()) ? await users.findById(ref.trim()) : await users.findByEmail(ref);
  if (!user || user.state === 'erasure_pending') throw new NotFound('Account');
  return user;
}
