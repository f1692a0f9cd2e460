import { describe, expect, it } from 'vitest';
import {
  checkPublishable,
  earliestMajorEffectiveDate,
  inForce,
  mayAccept,
  pendingAcceptance,
  type VersionFacts,
} from './policy-rules';

const v = (version: string, date: string, major = false): VersionFacts => ({
  document: 'privacy',
  version,
  effectiveAt: new Date(`${date}T00:00:00Z`),
  major,
});
const catalog = [
  v('1', '2020-12-16'),
  v('2', '2025-03-01', true),
  v('2.1', '2025-04-01'),
  v('3', '2025-09-01', true),
];
const at = (iso: string) => new Date(iso);

describe('policy rules', () => {
  it('finds the version in force', () => {
    expect(inForce(catalog, 'privacy', at('2025-02-28T23:59:59Z'))?.version).toBe('1');
    expect(inForce(catalog, 'privacy', at('2025-03-01T00:00:00Z'))?.version).toBe('2');
    expect(inForce(catalog, 'privacy', at('2025-05-01T00:00:00Z'))?.version).toBe('2.1');
    expect(inForce(catalog, 'terms', at('2025-05-01T00:00:00Z'))).toBeUndefined();
  });

  it('owes the latest major version in force until the user has a record of it or of a later one', () => {
    expect(pendingAcceptance(catalog, 'privacy', at('2025-02-01T00:00:00Z'), [])).toBeUndefined();
    expect(pendingAcceptance(catalog, 'privacy', at('2025-04-15T00:00:00Z'), [])?.version).toBe('2');
    const accepted21 = [{ document: 'privacy', version: '2.1' }];
    expect(pendingAcceptance(catalog, 'privacy', at('2025-04-15T00:00:00Z'), accepted21)).toBeUndefined();
    expect(pendingAcceptance(catalog, 'privacy', at('2025-09-02T00:00:00Z'), accepted21)?.version).toBe('3');
    expect(
      pendingAcceptance(catalog, 'privacy', at('2025-04-15T00:00:00Z'), [{ document: 'terms', version: '2' }])
        ?.version,
    ).toBe('2');
    // Only a record counts: an older acceptance (version 1, as a sign-up before version 2 records it)
    // does not settle version 2, however recent the account.
    expect(
      pendingAcceptance(catalog, 'privacy', at('2025-04-15T00:00:00Z'), [
        { document: 'privacy', version: '1' },
      ])?.version,
    ).toBe('2');
  });

  it('lets a user accept the version in force or a later one, not a superseded one', () => {
    const now = at('2025-04-15T00:00:00Z');
    expect(mayAccept(catalog, catalog[0]!, now)).toBe(false);
    expect(mayAccept(catalog, catalog[1]!, now)).toBe(false);
    expect(mayAccept(catalog, catalog[2]!, now)).toBe(true);
    expect(mayAccept(catalog, catalog[3]!, now)).toBe(true);
  });

  it('dates the earliest major change 30 full days ahead', () => {
    expect(earliestMajorEffectiveDate(at('2025-01-01T00:00:00Z'))).toBe('2025-01-31');
    expect(earliestMajorEffectiveDate(at('2025-01-01T00:00:01Z'))).toBe('2025-02-01');
    const now = at('2025-10-01T10:00:00Z');
    const input = { document: 'privacy' as const, version: '4', major: true };
    expect(() => checkPublishable(catalog, { ...input, effectiveDate: '2025-10-31' }, now)).toThrow(
      /30 days/,
    );
    expect(() => checkPublishable(catalog, { ...input, effectiveDate: '2025-11-01' }, now)).not.toThrow();
    expect(() =>
      checkPublishable(catalog, { ...input, major: false, effectiveDate: '2025-10-01' }, now),
    ).not.toThrow();
    expect(() =>
      checkPublishable(catalog, { ...input, major: false, effectiveDate: '2025-09-30' }, now),
    ).toThrow();
  });
});
