import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PolicyDocument } from '@vitalbase/core';
import type { Executor } from '../../db/client';
import { createPoliciesRepo } from './policies.repo';

const seedDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seed');

/**
 * Version 1 of each document: the texts the product was built from (shared/seeds: the privacy policy
 * of 16 Dec 2020 and the terms of 26 Jan 2023, page noise removed). In force since their own dates.
 */
const firstVersions: Array<{
  document: PolicyDocument;
  file: string;
  effectiveDate: string;
  summary: string;
}> = [
  {
    document: 'privacy',
    file: 'privacy-v1.md',
    effectiveDate: '2020-12-16',
    summary: 'First version of the privacy policy (reference privacy-policy/20201216).',
  },
  {
    document: 'terms',
    file: 'terms-v1.md',
    effectiveDate: '2023-01-26',
    summary: 'First version of the general terms and conditions of use (26 Jan 2023).',
  },
];

/** Adds version 1 of each document when missing: at every start, so a fresh database has them. */
export async function seedFirstPolicyVersions(db: Executor): Promise<number> {
  const repo = createPoliciesRepo(db);
  let added = 0;
  for (const v of firstVersions) {
    const at = new Date(`${v.effectiveDate}T00:00:00.000Z`);
    const inserted = await repo.insertVersion({
      document: v.document,
      version: '1',
      effectiveAt: at,
      publishedAt: at,
      major: false,
      summary: v.summary,
      markdown: readFileSync(path.join(seedDir, v.file), 'utf8'),
    });
    if (inserted) added += 1;
  }
  return added;
}
