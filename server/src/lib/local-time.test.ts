import { offsetWrittenIn } from '@vitalbase/core';
import { describe, expect, it } from 'vitest';
import { isoAtOffset, localDateAtOffset, mailTime, offsetWhereLived, zoneOffsetAt } from './local-time';

const at = (iso: string) => Date.parse(iso);

describe('the one rule for times, at the DST edges (docs/time-zones.md)', () => {
  it('knows each zone’s offset on both sides of its DST changes', () => {
    // Europe/Paris: 29 March 2026 02:00 → 03:00; 25 October 2026 03:00 → 02:00.
    expect(zoneOffsetAt('Europe/Paris', at('2026-03-29T00:59:00Z'))).toBe(60);
    expect(zoneOffsetAt('Europe/Paris', at('2026-03-29T01:00:00Z'))).toBe(120);
    expect(zoneOffsetAt('Europe/Paris', at('2026-10-25T00:59:00Z'))).toBe(120);
    expect(zoneOffsetAt('Europe/Paris', at('2026-10-25T01:00:00Z'))).toBe(60);
    // America/Los_Angeles: 8 March 2026 02:00 → 03:00; 1 November 2026 02:00 → 01:00.
    expect(zoneOffsetAt('America/Los_Angeles', at('2026-03-08T09:59:00Z'))).toBe(-480);
    expect(zoneOffsetAt('America/Los_Angeles', at('2026-03-08T10:00:00Z'))).toBe(-420);
    expect(zoneOffsetAt('America/Los_Angeles', at('2026-11-01T08:59:00Z'))).toBe(-420);
    expect(zoneOffsetAt('America/Los_Angeles', at('2026-11-01T09:00:00Z'))).toBe(-480);
  });

  it("places a time written with Z in the account's zone, and keeps a written offset (travel)", () => {
    expect(offsetWrittenIn('2026-03-29T00:30:00Z', 'Europe/Paris')).toBe(60);
    expect(offsetWrittenIn('2026-03-29T01:30:00Z', 'Europe/Paris')).toBe(120);
    expect(offsetWrittenIn('2026-11-01T08:30:00-00:00', 'America/Los_Angeles')).toBe(-420);
    expect(offsetWrittenIn('2026-11-01T09:30:00Z', 'America/Los_Angeles')).toBe(-480);
    expect(offsetWrittenIn('2026-03-29T10:00:00+09:00', 'Europe/Paris')).toBe(540);
    expect(offsetWrittenIn('2026-01-10T08:00:00+00:00', 'Europe/Paris')).toBe(0);
    expect(offsetWrittenIn('2026-01-10T08:00:00Z')).toBe(0);
  });

  it('writes the same wall clock twice in the repeated hour of a fall-back night, told apart by the offset', () => {
    // 25 October 2026 in Paris: 02:30 happens at +02:00, then again at +01:00.
    const first = at('2026-10-25T00:30:00Z');
    const second = at('2026-10-25T01:30:00Z');
    expect(isoAtOffset(first, offsetWhereLived(first, null, 'Europe/Paris'))).toBe(
      '2026-10-25T02:30:00+02:00',
    );
    expect(isoAtOffset(second, offsetWhereLived(second, null, 'Europe/Paris'))).toBe(
      '2026-10-25T02:30:00+01:00',
    );
    // A reading's own offset wins over the account's zone.
    expect(isoAtOffset(second, offsetWhereLived(second, -480, 'Europe/Paris'))).toBe(
      '2026-10-24T17:30:00-08:00',
    );
  });

  it('puts an instant on the local day where it was lived, not the UTC day', () => {
    // 23:30 on 7 March in Los Angeles (PST) is 07:30Z on 8 March.
    expect(localDateAtOffset(at('2026-03-08T07:30:00Z'), -480)).toBe('2026-03-07');
    // 00:30 on 29 March in Paris (CET) is 23:30Z on 28 March.
    expect(localDateAtOffset(at('2026-03-28T23:30:00Z'), 60)).toBe('2026-03-29');
  });

  it("writes a mail's times in the account's zone, named", () => {
    expect(mailTime(new Date('2026-03-29T01:30:00Z'), 'Europe/Paris')).toBe(
      '29 March 2026 at 03:30 (Europe/Paris)',
    );
    expect(mailTime(new Date('2026-11-01T09:30:00Z'), 'America/Los_Angeles')).toBe(
      '1 November 2026 at 01:30 (America/Los_Angeles)',
    );
    expect(mailTime(new Date('2026-11-01T09:30:00Z'), 'Not/AZone')).toBe('1 November 2026 at 09:30 (UTC)');
  });
});
