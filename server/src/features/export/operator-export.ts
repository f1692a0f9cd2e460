import type { Writable } from 'node:stream';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { accessUserData } from '../access-log';
import { createUsersRepo } from '../accounts';
import { buildExport, type ExportProgress, type ExportResult } from './build-export';

/**
 * `vitalbase export`: the operator builds a user's archive (e.g. for a user who asked by post). It is
 * a read of their data by someone else, so it goes through the access point and shows in their
 * access log; the archive is the same as the privacy center's.
 */
export async function exportUserDataAsOperator(
  ctx: Pick<AppContext, 'database' | 'config' | 'now'>,
  who: { email: string; operator?: string; purpose?: string },
  output: Writable,
  onProgress?: (progress: ExportProgress) => void,
): Promise<ExportResult & { userId: string }> {
  const user = await createUsersRepo(ctx.database.db).findByEmail(who.email);
  if (!user) throw new NotFound('Account');
  const result = await accessUserData(
    ctx,
    {
      actor: { type: 'operator', id: who.operator ?? 'cli', name: 'Operator (command line)' },
      userId: user.id,
      purpose: who.purpose ?? 'a copy of all the data, as the user asked (right of access)',
      what: ['everything held: identity, devices, health data, consents, logs'],
    },
    (tx) => buildExport(ctx, user.id, output, onProgress, { db: tx }),
  );
  return { ...result, userId: user.id };
}
