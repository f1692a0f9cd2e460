import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { comparePolicyVersions, type PolicyDocument } from '@vitalbase/core';
import type { Db } from '../../db/client';
import type { PolicyLocale } from './operator-facts';
import { createPoliciesRepo } from './policies.repo';
import { versionsOf } from './policy-rules';

const seedDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seed');
const read = (file: string) => readFileSync(path.join(seedDir, file), 'utf8');

/**
 * The operator's first version of each document: Vitalbase's own texts (seed/*.md), with the operator's
 * facts as `{{SETTING}}` tokens filled in when shown (operator-facts.ts). They take effect when the
 * server first starts on a database: a policy cannot have been in force before the service existed.
 */
const firstVersions: Record<PolicyDocument, { file: string; summary: string; summaryFr: string }> = {
  privacy: {
    file: 'privacy-v1',
    summary: 'First version of the privacy policy.',
    summaryFr: 'Première version de la politique de confidentialité.',
  },
  terms: {
    file: 'terms-v1',
    summary: 'First version of the terms of use.',
    summaryFr: 'Première version des conditions d’utilisation.',
  },
};

/**
 * Version 1 as earlier releases seeded it: another company's texts, in force since their own past dates.
 * A database that still has one as its latest version gets Vitalbase's text as the next version.
 */
const legacySummaries = new Set([
  'First version of the privacy policy (reference privacy-policy/20201216).',
  'First version of the general terms and conditions of use (26 Jan 2023).',
]);

const texts = new Map<string, string>();
function text(document: PolicyDocument, locale: PolicyLocale): string {
  const file = `${firstVersions[document].file}${locale === 'en' ? '' : `.${locale}`}.md`;
  if (!texts.has(file)) texts.set(file, read(file));
  return texts.get(file)!;
}

/** The translation of a version whose text is the seed's, when one exists in that language. */
export function seedTranslation(
  document: PolicyDocument,
  markdown: string,
  locale: PolicyLocale,
): string | undefined {
  if (locale === 'en' || markdown !== text(document, 'en')) return undefined;
  return text(document, locale);
}

/** The French summary of version 1, whose text is the seed's (published before summary_fr existed). */
export function seedSummaryTranslation(document: PolicyDocument, summary: string, locale: PolicyLocale) {
  const first = firstVersions[document];
  return locale === 'fr' && summary === first.summary ? first.summaryFr : undefined;
}

/**
 * At every start (and before an operator command reads the catalog): a document with no version gets
 * Vitalbase's version 1, in force from `now`. A database seeded by an earlier release, whose latest
 * version is still the borrowed text, gets Vitalbase's text as the next whole version (minor: it
 * replaces text that was never the operator's), and — once, in the same transaction — each existing
 * account gets an `implied` acceptance of the version in force when it was made, which is what the
 * acceptance gate used to infer from the account's creation date (policy-rules.ts).
 */
export async function seedFirstPolicyVersions(db: Db, now: Date): Promise<number> {
  const repo = createPoliciesRepo(db);
  const catalog = await repo.allVersions();
  let added = 0;
  for (const document of Object.keys(firstVersions) as PolicyDocument[]) {
    const versions = versionsOf(catalog, document);
    const latest = versions.at(-1);
    const markdown = text(document, 'en');
    const row = { document, effectiveAt: now, publishedAt: now, major: false, markdown };
    if (!latest) {
      const version = { ...row, version: '1', summary: firstVersions[document].summary };
      if (await repo.insertVersion(version)) added += 1;
    } else if (legacySummaries.has(latest.summary)) {
      const highest = [...versions].sort((a, b) => comparePolicyVersions(a.version, b.version)).at(-1)!;
      const version = String(Number(highest.version.split('.')[0]) + 1);
      const summary = `${firstVersions[document].summary.replace('.', '')} written for this service.`;
      const inserted = await db.transaction(async (tx) => {
        if (!(await repo.insertVersion({ ...row, version, summary }, tx))) return false;
        await repo.recordImpliedAcceptances(document, now, tx);
        return true;
      });
      if (inserted) added += 1;
    }
  }
  return added;
}
