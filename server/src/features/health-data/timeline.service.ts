import { getMetric } from '@vitalbase/core';
import { Invalid } from '../../lib/errors';
import type { ReadingsRepo } from './readings.repo';

/** The timeline's paging: from a day to the nearest one holding readings, over the empty days. */
export function createTimelineService(deps: { readings: Pick<ReadingsRepo, 'adjacentLocalDay'> }) {
  return {
    async adjacentDay(
      userId: string,
      q: { day: string; direction: 'older' | 'newer'; metrics?: string | undefined },
    ): Promise<{ day: string | null }> {
      const metrics = q.metrics?.split(',').map((s) => s.trim());
      if (metrics?.some((id) => !getMetric(id)))
        throw new Invalid('A metric is not in the catalog.', [{ path: 'metrics', code: 'unknown_metric' }]);
      const day = await deps.readings.adjacentLocalDay(userId, {
        day: q.day,
        direction: q.direction,
        metrics,
      });
      return { day };
    },
  };
}
