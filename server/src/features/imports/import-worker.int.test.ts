import { createWriteStream, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { APPLE_EXPORT_HEAD, APPLE_EXPORT_TAIL, appleRecord } from './apple-health.test-support';
import { parserInImportThread, setImportThreadHeapMb } from './import-worker';
import { importForUserAsOperator } from './imports.operator';
import { IMPORT_LIMITS } from './imports.service';

let t: TestApp;
let dir: string;
/** A FHIR Bundle of 130,000 lab Observations (hemoglobin: counted as unmapped, not stored), 58 MB. */
let bundle: string;
const LABS = 130_000;

/** Writes `lines(i)` for i < n to a new file of the test's directory, a MB at a time. */
async function writeFile(name: string, head: string, n: number, line: (i: number) => string, tail: string) {
  const file = path.join(dir, name);
  const out = createWriteStream(file);
  let buf = head;
  for (let i = 0; i < n; i++) {
    buf += line(i);
    if (buf.length < 1 << 20) continue;
    const chunk = buf;
    buf = '';
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end(buf + tail);
  await once(out, 'close');
  return file;
}

beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(path.join(tmpdir(), 'vitalbase-import-worker-'));
  const day0 = Date.UTC(2020, 0, 1);
  bundle = await writeFile(
    'bundle.json',
    '{"resourceType":"Bundle","type":"collection","entry":[',
    LABS,
    (i) =>
      `${i ? ',' : ''}{"resource":{"resourceType":"Observation","id":"lab-${i}","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"718-7","display":"Hemoglobin [Mass/volume] in Blood"}]},"effectiveDateTime":"${new Date(day0 + i * 3_600_000).toISOString()}","valueQuantity":{"value":${13 + (i % 20) / 10},"unit":"g/dL","system":"http://unitsofmeasure.org","code":"g/dL"}}}`,
    ']}',
  );
}, 120_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

const importFile = async (file: string, format: 'fhir' | 'apple_health') => {
  const u = await createTestUser(t);
  return importForUserAsOperator(t.app.ctx, { email: u.user.email, file, format });
};

describe('imports parse in a worker thread', () => {
  it("keeps the server's event loop responsive while a large file is parsed", async () => {
    // Parsed on the main thread, this Bundle's one JSON.parse and its 130,000 resources held the loop
    // for 1.1 s without a turn (45 MB, quiet machine; longer under load); in the thread, the loop only
    // takes the batches of items and stores them. The bound is generous for a loaded 2-core CI.
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const done = await importFile(bundle, 'fhir');
    delay.disable();
    expect(done.state).toBe('done');
    expect(done.report?.unmapped).toEqual([{ type: 'http://loinc.org|718-7', count: LABS }]);
    expect(delay.max / 1e6).toBeLessThan(500);
  });

  it('ends the import with a clear error when the thread runs out of its heap, and the next one starts afresh', async () => {
    await setImportThreadHeapMb(96);
    try {
      const failed = await importFile(bundle, 'fhir');
      expect(failed.state).toBe('failed');
      expect(failed.error).toBe(
        'Reading this file needed more memory than an import may use; nothing of it was kept.',
      );
    } finally {
      await setImportThreadHeapMb();
    }
    const small = await writeFile(
      'small.json',
      '{"resourceType":"Bundle","type":"collection","entry":[',
      3,
      (i) =>
        `${i ? ',' : ''}{"resource":{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"effectiveDateTime":"2026-11-0${i + 1}T07:00:00+01:00","valueQuantity":{"value":61,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}}`,
      ']}',
    );
    const next = await importFile(small, 'fhir');
    expect(next.state).toBe('done');
    expect(next.report?.imported.readings).toBe(3);
  });

  it('stops parsing, and closes the file, when the pipeline stops reading mid-way', async () => {
    // 40,000 records: far more than the thread may send ahead, so it is still reading when stopped.
    const xml = await writeFile(
      'export.xml',
      APPLE_EXPORT_HEAD,
      40_000,
      (i) =>
        appleRecord('HKQuantityTypeIdentifierFlightsClimbed', {
          value: 1 + (i % 3),
          unit: 'count',
          start: `2026-${String(1 + (i % 12)).padStart(2, '0')}-01 08:00:00 -0700`,
        }),
      APPLE_EXPORT_TAIL,
    );
    const isOpen = () =>
      readdirSync('/proc/self/fd').some((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === xml;
        } catch {
          return false; // closed meanwhile
        }
      });
    const items = parserInImportThread('apple_health')
      .parse(xml, { timeZone: 'Europe/Paris', options: {}, limits: IMPORT_LIMITS })
      [Symbol.asyncIterator]();
    expect((await items.next()).value).toEqual({
      kind: 'unmapped',
      type: 'HKQuantityTypeIdentifierFlightsClimbed',
    });
    expect(isOpen()).toBe(true);
    // What the pipeline's `for await` does when a batch fails to store: the thread acknowledges the stop.
    await items.return?.(undefined);
    await vi.waitFor(() => expect(isOpen()).toBe(false));
  });
});
