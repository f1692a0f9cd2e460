import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUse, lockDataDir } from './pglite-lock';

const dir = () => mkdtempSync(path.join(tmpdir(), 'vitalbase-lock-'));

describe('the embedded database directory lock', () => {
  it('refuses a directory a live process holds, naming it', () => {
    const d = dir();
    writeFileSync(path.join(d, 'pglite.lock'), `${process.ppid}\n`); // the parent: alive, not us
    expect(() => lockDataDir(d)).toThrow(DataDirInUse);
    expect(() => lockDataDir(d)).toThrow(String(process.ppid));
  });

  it('takes over a lock left by a process that is gone, and releases it', () => {
    const d = dir();
    writeFileSync(path.join(d, 'pglite.lock'), '2147483646\n'); // no such process
    const release = lockDataDir(d);
    expect(readFileSync(path.join(d, 'pglite.lock'), 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(() => readFileSync(path.join(d, 'pglite.lock'))).toThrow();
  });

  it('lets the process that holds it open it again (the demo, in-process helpers)', () => {
    const d = dir();
    const release = lockDataDir(d);
    expect(() => lockDataDir(d)).not.toThrow();
    release();
  });
});
