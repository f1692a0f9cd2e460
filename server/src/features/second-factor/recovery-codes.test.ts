import { describe, expect, it } from 'vitest';
import {
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recovery-codes';

describe('recovery codes', () => {
  it('makes 10 distinct codes in the xxxx-xxxx-xxxx form without look-alike characters', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes)
      expect(code).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
  });

  it('reads a code however it is typed, and rejects what cannot be one', () => {
    const [code] = generateRecoveryCodes(1) as [string];
    const raw = code.replace(/-/g, '');
    expect(normalizeRecoveryCode(code)).toBe(raw);
    expect(normalizeRecoveryCode(` ${code.toUpperCase().replace(/-/g, ' ')} `)).toBe(raw);
    for (const bad of ['', 'abcd', `${raw}x`, 'abcd-efgh-ij0l', '!!!!-!!!!-!!!!']) {
      expect(normalizeRecoveryCode(bad)).toBeUndefined();
    }
  });

  it('hashes per user: the same code hashes alike however typed, and differently for another user', () => {
    const [code] = generateRecoveryCodes(1) as [string];
    const user = '4f9c2a1e-0000-4000-8000-000000000001';
    const other = '4f9c2a1e-0000-4000-8000-000000000002';
    expect(hashRecoveryCode(user, code)).toBe(hashRecoveryCode(user, code.toUpperCase()));
    expect(hashRecoveryCode(user, code)).not.toBe(hashRecoveryCode(other, code));
    expect(hashRecoveryCode(user, code)).not.toContain(code.replace(/-/g, ''));
  });
});
