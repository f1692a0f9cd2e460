import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendErasureJournal, erasureJournalKey, readErasureJournal } from './erasure-journal';

describe('the erasure journal', () => {
  it('names each account by a hash of its id, and reads back every entry', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'journal-')), 'sub', 'journal.ndjson');
    const id = '0b9a3a52-37a6-4c5e-9f54-4f1a3a2a9e10';
    const requestedAt = new Date('2026-01-02T03:04:05Z');
    const purgedAt = new Date('2026-01-09T03:04:05Z');
    await appendErasureJournal(file, { userId: id, requestedAt, purgedAt });
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file, 'utf8')).not.toContain(id);
    const { entries, unreadable } = await readErasureJournal(file);
    expect(unreadable).toBe(0);
    expect(entries.get(erasureJournalKey(id))).toEqual({ key: erasureJournalKey(id), requestedAt, purgedAt });
  });

  it('skips a torn last line (a crash during its append) and counts it', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'journal-')), 'journal.ndjson');
    await appendErasureJournal(file, { userId: 'a', requestedAt: new Date(0), purgedAt: new Date(1) });
    appendFileSync(file, '{"v":1,"key":"ab');
    const { entries, unreadable } = await readErasureJournal(file);
    expect([entries.size, unreadable]).toEqual([1, 1]);
  });

  it('is empty when no one was ever erased (no file yet)', async () => {
    const { entries } = await readErasureJournal(path.join(tmpdir(), 'no-such-journal.ndjson'));
    expect(entries.size).toBe(0);
  });
});
