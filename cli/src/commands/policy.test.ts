import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '@vitalbase/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../server/src/test/database';
import { policyList, policyPublish } from './policy';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const DAY = 24 * 3600 * 1000;
const now = new Date('2031-05-10T09:00:00Z');
const date = (days: number) => new Date(now.getTime() + days * DAY).toISOString().slice(0, 10);

describe('vitalbase policy', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vb-policy-'));
  const file = path.join(dir, 'terms-2.md');
  writeFileSync(file, '# Terms of use\n\nVersion 2: new rules for shared data.\n');
  const base = { document: 'terms', version: '2', summary: 'New rules for shared data', file };

  it('lists version 1 of each document on a fresh database', async () => {
    const lines: string[] = [];
    await policyList(database, (l) => lines.push(l), now);
    expect(lines[0]).toBe('privacy (in force: 1)');
    // In force from the first use of the database (here: the listing), not from a past date.
    expect(lines[1]).toMatch(/^ {2}\* 1 +2031-05-10 {2}minor {2}First version of the privacy policy/);
    expect(lines[2]).toBe('terms (in force: 1)');
  });

  it('refuses a major version less than 30 days ahead, naming the earliest date', async () => {
    await expect(
      policyPublish(database, { ...base, major: true, effective: date(20) }, () => {}, now),
    ).rejects.toThrow(`the earliest effective date is ${date(31)}`);
    await expect(
      policyPublish(database, { ...base, document: 'cookies', effective: date(40) }, () => {}, now),
    ).rejects.toThrow(/document/);
    await expect(
      policyPublish(
        database,
        { ...base, effective: date(40), file: path.join(dir, 'missing.md') },
        () => {},
        now,
      ),
    ).rejects.toThrow(/ENOENT/);
  });

  it('publishes a major version 31 days ahead and lists it as upcoming', async () => {
    const lines: string[] = [];
    const v = await policyPublish(
      database,
      { ...base, major: true, effective: date(31) },
      (l) => lines.push(l),
      now,
    );
    expect(v).toMatchObject({ document: 'terms', version: '2', major: true, effectiveDate: date(31) });
    expect(lines[0]).toBe(`published terms 2 (major), in force from ${date(31)}`);
    const listed: string[] = [];
    await policyList(database, (l) => listed.push(l), now);
    expect(listed).toContain('terms (in force: 1)');
    expect(listed.some((l) => l.startsWith('    2 ') && l.includes('major  New rules for shared data'))).toBe(
      true,
    );
    const later: string[] = [];
    await policyList(database, (l) => later.push(l), new Date(now.getTime() + 32 * DAY));
    expect(later).toContain('terms (in force: 2)');
  });

  it('publishes the French text beside the English (--file-fr, --summary-fr), and refuses one without the other', async () => {
    const fileFr = path.join(dir, 'terms-3.fr.md');
    writeFileSync(
      fileFr,
      '# Conditions d’utilisation\n\nVersion 3 : une précision sur les données partagées.\n',
    );
    const v3 = { ...base, version: '3', effective: date(40), summary: 'A clarification' };
    await expect(policyPublish(database, { ...v3, fileFr }, () => {}, now)).rejects.toThrow(/French/);
    await expect(
      policyPublish(database, { ...v3, summaryFr: 'Une précision' }, () => {}, now),
    ).rejects.toThrow(/French/);
    await policyPublish(database, { ...v3, fileFr, summaryFr: 'Une précision' }, () => {}, now);
    const { rows } = await database.raw.query<{ summary_fr: string; markdown_fr: string }>(
      "SELECT summary_fr, markdown_fr FROM policy_versions WHERE document = 'terms' AND version = '3'",
    );
    expect(rows[0]).toMatchObject({ summary_fr: 'Une précision' });
    expect(rows[0]?.markdown_fr).toContain('une précision sur les données partagées');
  });
});
