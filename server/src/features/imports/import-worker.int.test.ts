import { createWriteStream, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, createTestUser, OFF_PATH_WAIT, type TestApp } from '../../test/harness';
import { APPLE_EXPORT_HEAD, APPLE_EXPORT_TAIL, appleRecord } from './apple-health.test-support';
import { parserInImportThread, setImportThreadHeapMb } from './import-worker';
import { importForUserAsOperator } from './imports.operator';
import { IMPORT_LIMITS } from './imports.service';

let t: TestApp;
let dir: string;
/**
 * A FHIR Bundle of 18,000 blood-count panels (LOINC 58410-2, 20 components each: counted as unmapped,
 * not stored), 100 MB: parsing it is one JSON.parse of millions of small objects.
 */
let bundle: string;
const PANELS = 18_000;
const component = (j: number) =>
  `{"code":{"coding":[{"system":"http://loinc.org","code":"${700 + j}-${j % 10}"}]},"valueQuantity":{"value":${(j * 1.7).toFixed(1)},"unit":"g/dL","system":"http://unitsofmeasure.org","code":"g/dL"},"interpretation":[{"coding":[{"code":"N"}]}],"referenceRange":[{"low":{"value":1},"high":{"value":${j + 10}}}]}`;
const COMPONENTS = Array.from({ length: 20 }, (_, j) => component(j)).join(',');

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
    PANELS,
    (i) =>
      `${i ? ',' : ''}{"resource":{"resourceType":"Observation","id":"cbc-${i}","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"58410-2"}]},"effectiveDateTime":"${new Date(day0 + i * 3_600_000).toISOString()}","component":[${COMPONENTS}]}}`,
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
  it('keeps the server’s event loop responsive while a large file is parsed', {
    timeout: 180_000,
  }, async () => {
    // Parsed on the main thread, this Bundle's one JSON.parse held the loop for seconds without a turn
    // (4.3 s at a load average of 23); in the thread, the loop only takes the batches of items and
    // stores them. The bound is generous for a loaded 2-core CI (the worst seen here in the thread:
    // 0.37 s at a load average of 26).
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const done = await importFile(bundle, 'fhir');
    delay.disable();
    expect(done.state).toBe('done');
    expect(done.report?.unmapped).toEqual([{ type: 'http://loinc.org|58410-2', count: PANELS }]);
    expect(delay.max / 1e6).toBeLessThan(1000);
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
    await vi.waitFor(() => expect(isOpen()).toBe(false), OFF_PATH_WAIT);
  });
});
