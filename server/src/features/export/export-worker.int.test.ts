import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { readZip } from '../../test/read-zip';
import { DAY_MS, healthSeriesDays, packDay } from '../health-data/health-data.test-support';
import { buildExport } from './build-export';
import { buildExportInWorker } from './export-worker';

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(path.join(tmpdir(), 'vitalbase-export-worker-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

async function zipOf(build: (out: Writable) => Promise<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  await build(
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        parts.push(chunk);
        cb();
      },
    }),
  );
  return Buffer.concat(parts);
}

describe('the export thread (the job builds there, its reads run on the app’s database)', () => {
  it('writes the same archive as the build in the main thread, and reports its progress', async () => {
    const u = await createTestUser(t, { timeZone: 'America/St_Johns' });
    // Two days of minute heart rate at −02:30 and −03:30 (summer time ends in between): the local
    // times of both offsets, read through the thread's proxy (bytea, timestamps, the keyset cursor).
    const first = Math.floor(t.clock.now().getTime() / DAY_MS) * DAY_MS - 3 * DAY_MS;
    const points = new Map<number, number>();
    for (let slot = 0; slot < 1440; slot += 7) points.set(slot, 55 + (slot % 40));
    const packed = packDay(points, 0);
    await t.database.db.insert(healthSeriesDays).values(
      [-150, -210].map((offset, d) => ({
        userId: u.user.id,
        metric: 'heart_rate',
        day: new Date(first + d * DAY_MS).toISOString().slice(0, 10),
        sourceKey: 'import',
        intervalSeconds: 60,
        source: 'import' as const,
        deviceId: null,
        utcOffsetMinutes: offset,
        ...packed,
      })),
    );
    const file = path.join(dir, `${randomUUID()}.zip`);
    const seen: number[] = [];
    const at = t.clock.now();
    const ctx = { ...t.app.ctx, now: () => at };
    const result = await buildExportInWorker(ctx, u.user.id, file, (p) => seen.push(p.done));
    const inMain = await zipOf((out) => buildExport(ctx, u.user.id, out));
    // The same clock, the same rows: the same files, byte for byte.
    const [there, here] = await Promise.all([readZip(readFileSync(file)), readZip(inMain)]);
    expect([...there.keys()]).toEqual([...here.keys()]);
    for (const [name, bytes] of here) {
      // data.json's otherData lists tables in the schema module's key order, which vitest's module
      // runner (this thread) and Node's ESM loader (the thread, and the built server in both) give
      // differently: the same document, its keys compared in any order.
      if (name === 'data.json')
        expect(JSON.parse(String(there.get(name)))).toEqual(JSON.parse(String(bytes)));
      else expect(there.get(name)?.equals(bytes), name).toBe(true);
    }
    expect(here.get('csv/heart_rate.csv')?.toString()).toMatch(/-02:30,.*\n.*-03:30,/s);
    expect(result.files).toContain('csv/heart_rate.csv');
    expect(seen.length).toBeGreaterThan(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('fails a build of an unknown account with its error, and the next build still works', async () => {
    const missing = buildExportInWorker(t.app.ctx, randomUUID(), path.join(dir, 'none.zip'), () => {});
    await expect(missing).rejects.toThrow(/Account/);
    const u = await createTestUser(t);
    const file = path.join(dir, `${randomUUID()}.zip`);
    const result = await buildExportInWorker(t.app.ctx, u.user.id, file, () => {});
    expect(result.files[0]).toBe('summary.html');
    expect(readFileSync(file).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  });
});
