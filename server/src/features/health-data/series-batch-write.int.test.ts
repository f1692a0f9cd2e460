import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createSeriesRepo, type DayContent } from './series.repo';

/**
 * The sync's day writes without a read first (issue 17): a new day is inserted, a stored one comes
 * back with its row version, and is replaced only while still that version, so a merge made from a
 * content another transaction has changed since is never written over it.
 */
let t: TestApp;
let userId: string;
const batch = () => ({ sourceKey: 'manual', source: 'manual', deviceId: null, now: new Date() });
const day = (points: number[]): DayContent => ({
  metric: 'steps',
  day: '2026-03-02',
  intervalSeconds: 60,
  utcOffsetMinutes: 60,
  firstSlot: 0,
  width: 2,
  points: new Uint8Array(new Int16Array(points).buffer),
  pointCount: points.length,
  rollup: null,
});

beforeAll(async () => {
  t = await createTestApp();
  userId = (await createTestUser(t)).user.id;
});
afterAll(() => t?.close());

describe('series days written without a read first', () => {
  it('inserts a new day, gives back a stored one, and replaces it only at the version read', async () => {
    const repo = createSeriesRepo(t.database.db);
    const first = await repo.insertNewReadStored(userId, batch(), [day([5, 6])]);
    expect(first.inserted.size).toBe(1);
    expect(first.stored).toEqual([]);

    const again = await repo.insertNewReadStored(userId, batch(), [day([7, 8, 9])]);
    expect(again.inserted.size).toBe(0);
    const [stored] = again.stored;
    expect(stored?.utcOffsetMinutes).toBe(60);
    expect([...new Int16Array(Uint8Array.from(stored!.packed.points).buffer)]).toEqual([5, 6]);

    const version = stored!.version;
    const written = await repo.updateStoredDays(userId, batch(), [{ ...day([7, 8, 9]), version }]);
    expect(written.size).toBe(1);
    // The same version again is stale now: nothing is written.
    const stale = await repo.updateStoredDays(userId, batch(), [{ ...day([1]), version }]);
    expect(stale.size).toBe(0);
    const [row] = await repo.listDays(userId, 'steps', '2026-03-02', '2026-03-02');
    expect(row?.pointCount).toBe(3);
  });
});
