import type { Observation } from '@medplum/fhirtypes';
import type { Executor } from '../../db/client';
import { createObservationsRepo, type ObservationRow } from '../health-data';
import { bmiObservation, readingObservations } from './resources/observation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Observation keys → resources, in the keys' order (a key whose reading is gone is skipped). */
export async function resolveObservations(
  userId: string,
  rows: ReadonlyArray<Pick<ObservationRow, 'readingId' | 'key'>>,
  tx: Executor,
): Promise<Observation[]> {
  const repo = createObservationsRepo(tx);
  const valid = rows.filter((r) => UUID.test(r.readingId));
  const readingIds = [...new Set(valid.filter((r) => r.key !== 'bmi').map((r) => r.readingId))];
  const bmiIds = [...new Set(valid.filter((r) => r.key === 'bmi').map((r) => r.readingId))];
  const readings = await repo.readings(userId, readingIds, tx);
  const bmis = await repo.bmis(userId, bmiIds, tx);
  const readingById = new Map(readings.map((r) => [r.id, r]));
  const bmiById = new Map(bmis.map((b) => [b.key, b]));
  const out: Observation[] = [];
  for (const row of valid) {
    if (row.key === 'bmi') {
      const b = bmiById.get(row.readingId);
      const o = b ? bmiObservation(b) : undefined;
      if (o) out.push(o);
      continue;
    }
    const reading = readingById.get(row.readingId);
    const o = reading ? readingObservations(reading, new Set([row.key]))[0] : undefined;
    if (o) out.push(o);
  }
  return out;
}
