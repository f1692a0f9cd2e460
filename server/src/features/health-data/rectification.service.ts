import {
  canonicalValue,
  getMetric,
  type ItemError,
  type ManualReading,
  type ReadingOut,
  offsetWrittenIn,
  validateHealthItem,
} from '@vitalbase/core';
import type { Db, Executor } from '../../db/client';
import { Conflict, Invalid, NotFound } from '../../lib/errors';
import { assertMayStoreHealthData, timeZoneOf } from '../accounts';
import { AffectedInputs, type DerivedService } from './derived.service';
import type { HealthDataIngest } from './ingest.service';
import { presentReading } from './present';
import type { ReadingsRepo } from './readings.repo';
import type { SessionsRepo } from './sessions.repo';

export interface RectificationDeps {
  db: Db;
  now: () => Date;
  ingest: HealthDataIngest;
  readings: Pick<ReadingsRepo, 'find' | 'correctMeasure' | 'updateTakenAt' | 'softDelete'>;
  sessions: Pick<SessionsRepo, 'find' | 'softDelete'>;
  derived: Pick<DerivedService, 'refresh'>;
}

/**
 * Manual entry and rectification (P8): the user adds, corrects and deletes readings. A correction keeps
 * the first value, who changed it and when; a deleted reading is gone from every query.
 */
export function createRectificationService(deps: RectificationDeps) {
  return {
    async add(userId: string, body: ManualReading): Promise<ReadingOut> {
      return deps.db.transaction(async (tx) => {
        const { results } = await deps.ingest.ingest(
          userId,
          { source: 'manual' },
          [{ kind: 'reading', ...body }],
          tx,
        );
        const r = results[0]!;
        if (r.status === 'rejected') throw new Invalid('The reading is not valid.', r.errors);
        if (r.status === 'duplicate')
          throw new Conflict('This reading is already stored.', 'duplicate', { id: r.ref });
        return presentReading((await deps.readings.find(userId, r.ref!, tx))!);
      });
    },

    async correct(
      userId: string,
      id: string,
      patch: { takenAt?: string; measures?: Array<{ metric: string; value: number; unit: string }> },
    ): Promise<ReadingOut> {
      return deps.db.transaction(async (tx) => {
        await assertMayStoreHealthData(tx, userId);
        const reading = await deps.readings.find(userId, id, tx);
        if (!reading) throw new NotFound('Reading');
        const now = deps.now();
        const errors: ItemError[] = [];
        if (patch.takenAt !== undefined) {
          // The same time rules as any new item (not before 1900, not a day ahead).
          const check = validateHealthItem(
            {
              kind: 'reading',
              takenAt: patch.takenAt,
              measures: [{ metric: 'height', value: 1, unit: 'm' }],
            },
            { source: 'import', now },
          );
          if (!check.ok) errors.push(...check.errors.filter((e) => e.path === 'takenAt'));
        }
        const changes: Array<{ metric: string; value: number }> = [];
        (patch.measures ?? []).forEach((m, i) => {
          const path = `measures.${i}`;
          const def = getMetric(m.metric);
          if (!def || !reading.measures.some((x) => x.metric === m.metric)) {
            errors.push({
              path: `${path}.metric`,
              code: 'not_in_reading',
              message: 'This reading holds no such metric.',
            });
            return;
          }
          const value = canonicalValue(def, m.value, m.unit, path, errors);
          if (value !== undefined) changes.push({ metric: def.id, value });
        });
        if (errors.length) throw new Invalid('The correction is not valid.', errors);
        const affected = new AffectedInputs();
        affected.reading(
          id,
          reading.measures.map((m) => m.metric),
          reading.takenAt,
          reading.utcOffsetMinutes,
        );
        for (const c of changes) {
          const before = reading.measures.find((x) => x.metric === c.metric)!;
          if (before.value !== c.value)
            await deps.readings.correctMeasure(userId, id, c.metric, c.value, userId, now, tx);
        }
        if (patch.takenAt !== undefined) {
          const takenAt = new Date(patch.takenAt);
          // Without a local offset ('Z'), the new time is placed in the account's zone (docs/time-zones.md).
          const offset = offsetWrittenIn(patch.takenAt, await timeZoneOf(tx, userId));
          await deps.readings.updateTakenAt(userId, id, takenAt, offset, now, tx);
          affected.reading(
            id,
            reading.measures.map((m) => m.metric),
            takenAt,
            offset,
          );
        }
        await deps.derived.refresh(userId, affected, now, tx);
        return presentReading((await deps.readings.find(userId, id, tx))!);
      });
    },

    async remove(userId: string, id: string): Promise<void> {
      await deps.db.transaction(async (tx) => {
        const reading = await deps.readings.find(userId, id, tx);
        if (!reading) throw new NotFound('Reading');
        const now = deps.now();
        await deps.readings.softDelete(userId, id, now, tx);
        const affected = new AffectedInputs();
        affected.reading(
          id,
          reading.measures.map((m) => m.metric),
          reading.takenAt,
          reading.utcOffsetMinutes,
        );
        await deps.derived.refresh(userId, affected, now, tx);
      });
    },

    async removeSession(userId: string, id: string): Promise<void> {
      await deps.db.transaction(async (tx: Executor) => {
        const session = await deps.sessions.find(userId, id, tx);
        if (!session) throw new NotFound('Session');
        const now = deps.now();
        await deps.sessions.softDelete(userId, id, now, tx);
        const affected = new AffectedInputs();
        affected.sleep.add(id);
        affected.written.session(session.type, session.startAt, session.endAt);
        await deps.derived.refresh(userId, affected, now, tx);
      });
    },
  };
}
