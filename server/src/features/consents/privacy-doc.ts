import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { consentPurposes, consentWordings, metricCategories, metrics } from '@vitalbase/core';

/**
 * The parts of docs/privacy.md generated from the data catalog and the consent purposes, between
 * `<!-- generated:start -->` and `<!-- generated:end -->`. A test fails when the document is behind;
 * `npx tsx server/src/features/consents/privacy-doc.ts` rewrites the section.
 */
export const privacyDocPath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../docs/privacy.md',
);
const START = '<!-- generated:start -->';
const END = '<!-- generated:end -->';

const why: Record<(typeof metricCategories)[number], string> = {
  activity: 'to show the user their activity over time (the service they signed up for)',
  physiological: 'to show the user their health measurements and trends (the service they signed up for)',
  environmental: 'to show the user the air and room conditions their devices measure',
  technical: 'to keep devices working and diagnose faults (not health data)',
};

function generatedPrivacySection(): string {
  const lines: string[] = ['### Data categories (from the data catalog)', ''];
  for (const category of metricCategories) {
    const inCategory = metrics.filter((m) => m.category === category);
    lines.push(`#### Category \`${category}\``, '', `Why: ${why[category]}.`, '');
    lines.push(inCategory.map((m) => `\`${m.id}\` (${m.label})`).join(', '), '');
  }
  lines.push('### Consent purposes', '', '| Purpose | Wording (version) |', '| --- | --- |');
  for (const purpose of consentPurposes) {
    const w = consentWordings[purpose];
    lines.push(`| \`${purpose}\` | ${w.title}: ${w.text} (v${w.version}) |`);
  }
  return lines.join('\n');
}

export function renderPrivacyDoc(current: string): string {
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/privacy.md lacks the ${START} … ${END} markers`);
  return `${current.slice(0, start + START.length)}\n${generatedPrivacySection()}\n${current.slice(end)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(privacyDocPath, renderPrivacyDoc(readFileSync(privacyDocPath, 'utf8')));
  console.log(`updated ${privacyDocPath}`);
}
