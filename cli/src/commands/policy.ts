import { readFileSync } from 'node:fs';
import type { PolicyDocument } from '@vitalbase/core';
import { type Database, listPoliciesAsOperator, publishPolicyAsOperator } from '@vitalbase/server';
import type { Command } from 'commander';
import { withDatabase } from './user';

type Print = (line: string) => void;

export interface PolicyPublishOptions {
  document: string;
  version: string;
  effective: string;
  summary: string;
  major?: boolean;
  file: string;
  /** The French text and its summary, together or not at all (else French readers get the English). */
  fileFr?: string;
  summaryFr?: string;
}

/** Publishes a version of the privacy policy or the terms from a Markdown file. */
export async function policyPublish(
  database: Database,
  opts: PolicyPublishOptions,
  print: Print,
  now = new Date(),
) {
  const markdown = readFileSync(opts.file, 'utf8');
  const v = await publishPolicyAsOperator(
    database,
    {
      document: opts.document as PolicyDocument,
      version: opts.version,
      effectiveDate: opts.effective,
      summary: opts.summary,
      major: Boolean(opts.major),
      markdown,
      summaryFr: opts.summaryFr,
      markdownFr: opts.fileFr === undefined ? undefined : readFileSync(opts.fileFr, 'utf8'),
    },
    now,
  );
  print(
    `published ${v.document} ${v.version} (${v.major ? 'major' : 'minor'}), in force from ${v.effectiveDate}`,
  );
  if (v.major) {
    print(
      'every active user is mailed the announcement by the server (job policies.announce-major-versions),',
    );
    print('the app shows a banner until then, and from that date asks each user to accept it');
  }
  return v;
}

export async function policyList(database: Database, print: Print, now = new Date()) {
  const documents = await listPoliciesAsOperator(database, now);
  for (const d of documents) {
    print(`${d.document} (in force: ${d.inForce ?? 'none'})`);
    for (const v of d.versions) {
      const mark = v.version === d.inForce ? '*' : ' ';
      print(
        `  ${mark} ${v.version.padEnd(8)} ${v.effectiveDate}  ${v.major ? 'major' : 'minor'}  ${v.summary}`,
      );
    }
  }
  return documents;
}

export function registerPolicyCommands(program: Command) {
  const policy = program.command('policy').description('versions of the privacy policy and the terms of use');
  policy
    .command('publish')
    .description('publish a new version (a major one at least 30 days before it takes effect)')
    .requiredOption('--document <privacy|terms>', 'which document')
    .requiredOption('--version <x>', 'its version number, e.g. 2 or 2.1 (after the latest one)')
    .requiredOption('--effective <YYYY-MM-DD>', 'the day it takes effect (00:00 UTC)')
    .requiredOption('--summary <text>', 'what changes, in a sentence or two (shown and mailed to users)')
    .option('--major', 'a large change: announced by mail and in the app, accepted by each user')
    .requiredOption('--file <path>', 'the Markdown text')
    .option('--file-fr <path>', 'the French Markdown text (with --summary-fr)')
    .option('--summary-fr <text>', 'the summary in French (with --file-fr)')
    .action(async (opts: PolicyPublishOptions) => {
      await withDatabase((db) => policyPublish(db, opts, (line) => console.log(line)));
    });
  policy
    .command('list')
    .description('every published version (* = in force)')
    .action(async () => {
      await withDatabase((db) => policyList(db, (line) => console.log(line)));
    });
}
