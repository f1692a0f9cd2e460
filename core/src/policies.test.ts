import { describe, expect, it } from 'vitest';
import { comparePolicyVersions, policyPublishInput, policyVersionSchema } from './policies';

describe('policy versions', () => {
  it('compares numerically, part by part', () => {
    expect(comparePolicyVersions('10', '9')).toBe(1);
    expect(comparePolicyVersions('2.1', '2.10')).toBe(-1);
    expect(comparePolicyVersions('2', '2.0')).toBe(0);
    expect(comparePolicyVersions('1.9.9', '2')).toBe(-1);
  });

  it('accepts only dotted numbers', () => {
    for (const ok of ['1', '2.1', '3.0.1']) expect(policyVersionSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['', '0', 'v2', '2.', '1.2.3.4', '2024-05-01', '1e3'])
      expect(policyVersionSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('refuses an impossible effective date', () => {
    const base = {
      document: 'terms',
      version: '2',
      summary: 'New terms',
      major: false,
      markdown: '# Terms\n\nlong enough text',
    };
    expect(policyPublishInput.safeParse({ ...base, effectiveDate: '2030-02-30' }).success).toBe(false);
    expect(policyPublishInput.safeParse({ ...base, effectiveDate: '2030-02-28' }).success).toBe(true);
  });
});
