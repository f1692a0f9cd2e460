import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { createLegalRepo, type ProcessorRow } from './legal.repo';

export interface ProcessorInput {
  name: string;
  purpose: string;
  country: string;
  safeguard: string;
}

const present = (p: ProcessorRow) => ({
  id: p.id,
  name: p.name,
  purpose: p.purpose,
  country: p.country,
  safeguard: p.safeguard,
});

/**
 * The processors and transfers register (P25, P29): who processes data for the operator, for what,
 * where, under which safeguard. Kept from the console or the command line; public in the privacy
 * center. A removed processor keeps its row (removed_at) for the records of processing.
 */
export function createProcessorsService(ctx: Pick<AppContext, 'database' | 'now'>) {
  const repo = createLegalRepo(ctx.database.db);
  return {
    async list() {
      return (await repo.activeProcessors()).map(present);
    },
    async add(input: ProcessorInput) {
      return present(await repo.insertProcessor({ ...input, createdAt: ctx.now(), updatedAt: ctx.now() }));
    },
    async update(id: string, input: ProcessorInput) {
      const row = await repo.updateProcessor(id, { ...input, updatedAt: ctx.now() });
      if (!row) throw new NotFound('Processor');
      return present(row);
    },
    async remove(id: string) {
      if (!(await repo.updateProcessor(id, { removedAt: ctx.now(), updatedAt: ctx.now() })))
        throw new NotFound('Processor');
    },
  };
}
