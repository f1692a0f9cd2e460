import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { healthMeasures } from '../health-data.schema';

export type MeasureRow = typeof healthMeasures.$inferSelect;

/**
 * The measures of some of one user's readings, grouped by reading (each group in metric order):
 * the one fetch behind the export's reading pages and the FHIR Observations' readings.
 */
export async function measuresForReadings(
  db: Executor,
  userId: string,
  readingIds: readonly string[],
): Promise<Map<string, MeasureRow[]>> {
  const byReading = new Map<string, MeasureRow[]>();
  if (!readingIds.length) return byReading;
  const rows = await db
    .select()
    .from(healthMeasures)
    .where(and(eq(healthMeasures.userId, userId), inArray(healthMeasures.readingId, [...readingIds])))
    .orderBy(asc(healthMeasures.readingId), asc(healthMeasures.metric));
  for (const m of rows) {
    const group = byReading.get(m.readingId);
    if (group) group.push(m);
    else byReading.set(m.readingId, [m]);
  }
  return byReading;
}
