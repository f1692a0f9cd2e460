import { readFileSync } from 'node:fs';
import { consentPurposes, metricCategories, metrics } from '@vitalbase/core';
import { describe, expect, it } from 'vitest';
import { privacyDocPath, renderPrivacyDoc } from './privacy-doc';

describe('docs/privacy.md (records of processing)', () => {
  const doc = readFileSync(privacyDocPath, 'utf8');

  it('lists every data catalog category and metric, and every consent purpose', () => {
    for (const category of metricCategories) expect(doc).toContain(`Category \`${category}\``);
    for (const metric of metrics) expect(doc).toContain(`\`${metric.id}\``);
    for (const purpose of consentPurposes) expect(doc).toContain(`\`${purpose}\``);
  });

  it('is up to date with the catalog (run `npx tsx server/src/features/consents/privacy-doc.ts`)', () => {
    expect(renderPrivacyDoc(doc)).toBe(doc);
  });
});
