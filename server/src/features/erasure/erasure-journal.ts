import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The erasure journal (issue #19): one line per purged account, appended and flushed to disk before the
 * purge deletes anything. It lives outside the database (ERASURE_JOURNAL_FILE, by default beside the
 * embedded database's directory, never inside what `vitalbase backup` copies), so restoring a backup
 * taken before an erasure cannot bring the person back: at start, and after `vitalbase restore`, every
 * account the journal names is purged again before the server answers.
 *
 * A line names the account by a hash of its id, not the id: the journal outlives the account and is
 * copied around with the server's files, so it must not say who left. The hash only matters to someone
 * who already holds the id (in a restored backup), which is exactly the re-application's case.
 */
export interface ErasureJournalEntry {
  /** sha256 of the account id, see `erasureJournalKey`. */
  key: string;
  requestedAt: Date;
  purgedAt: Date;
}

export const erasureJournalKey = (userId: string) =>
  createHash('sha256').update(`vitalbase-erasure:${userId}`).digest('hex');

/** Appends one entry and flushes it to disk (fsync) before returning. */
export async function appendErasureJournal(
  file: string,
  entry: { userId: string; requestedAt: Date; purgedAt: Date },
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const line = `${JSON.stringify({
    v: 1,
    key: erasureJournalKey(entry.userId),
    requestedAt: entry.requestedAt.toISOString(),
    purgedAt: entry.purgedAt.toISOString(),
  })}\n`;
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.appendFile(line);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Every entry by key, read line by line (the file grows with every erasure). A line that does not
 * parse is skipped and counted: the last one may be torn by a crash during its append, and its purge
 * then never started (the line is flushed before any deletion), so nothing is lost by skipping it.
 */
export async function readErasureJournal(
  file: string,
): Promise<{ entries: Map<string, ErasureJournalEntry>; unreadable: number }> {
  const entries = new Map<string, ErasureJournalEntry>();
  let unreadable = 0;
  if (!existsSync(file)) return { entries, unreadable };
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const entry = parseLine(line);
    if (entry) entries.set(entry.key, entry);
    else unreadable += 1;
  }
  return { entries, unreadable };
}

function parseLine(line: string): ErasureJournalEntry | undefined {
  try {
    const raw = JSON.parse(line) as Record<string, unknown>;
    if (typeof raw.key !== 'string' || !/^[0-9a-f]{64}$/.test(raw.key)) return undefined;
    const requestedAt = new Date(String(raw.requestedAt));
    const purgedAt = new Date(String(raw.purgedAt));
    if (Number.isNaN(requestedAt.getTime()) || Number.isNaN(purgedAt.getTime())) return undefined;
    return { key: raw.key, requestedAt, purgedAt };
  } catch {
    return undefined;
  }
}
