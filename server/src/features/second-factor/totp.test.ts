import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { checkTotpCode, newTotpSecret, TOTP_PERIOD_SECONDS, totpCodeAt, totpStepAt, totpUri } from './totp';

// A fixed clock: 2026-03-01T12:00:10Z, 10 s into its 30-second step.
const NOW = new Date('2026-03-01T12:00:10Z');
const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
const at = (steps: number) => new Date(NOW.getTime() + steps * STEP_MS);
const SECRET = newTotpSecret();

/** The code an independent implementation (RFC 6238 via otpauth's static API) gives at a time. */
function referenceCode(time: Date): string {
  return TOTP.generate({
    secret: Secret.fromBase32(SECRET),
    timestamp: time.getTime(),
    period: 30,
    digits: 6,
  });
}

describe('checkTotpCode', () => {
  it('accepts the current code and answers its time step', () => {
    const result = checkTotpCode({ secret: SECRET, code: referenceCode(NOW), now: NOW, lastUsedStep: null });
    expect(result).toEqual({ ok: true, step: Math.floor(NOW.getTime() / STEP_MS) });
  });

  it('accepts one step either side (clock drift) with that step, and refuses two steps away', () => {
    const current = totpStepAt(NOW);
    expect(
      checkTotpCode({ secret: SECRET, code: referenceCode(at(-1)), now: NOW, lastUsedStep: null }),
    ).toEqual({
      ok: true,
      step: current - 1,
    });
    expect(
      checkTotpCode({ secret: SECRET, code: referenceCode(at(1)), now: NOW, lastUsedStep: null }),
    ).toEqual({
      ok: true,
      step: current + 1,
    });
    for (const far of [-2, 2, -10]) {
      const code = referenceCode(at(far));
      // A far code may by chance equal a code in the window (1 in a million per step); skip that case.
      if ([-1, 0, 1].some((s) => referenceCode(at(s)) === code)) continue;
      expect(checkTotpCode({ secret: SECRET, code, now: NOW, lastUsedStep: null })).toEqual({
        ok: false,
        reason: 'wrong_code',
      });
    }
  });

  it('refuses a code of a step already used, or of an earlier step (no replay)', () => {
    const first = checkTotpCode({ secret: SECRET, code: referenceCode(NOW), now: NOW, lastUsedStep: null });
    expect(first.ok).toBe(true);
    const used = first.ok ? first.step : -1;
    expect(checkTotpCode({ secret: SECRET, code: referenceCode(NOW), now: NOW, lastUsedStep: used })).toEqual(
      {
        ok: false,
        reason: 'code_already_used',
      },
    );
    // Still inside the window 30 s later, the old code is refused, and so is the one before it.
    expect(
      checkTotpCode({ secret: SECRET, code: referenceCode(NOW), now: at(1), lastUsedStep: used }),
    ).toEqual({
      ok: false,
      reason: 'code_already_used',
    });
    expect(
      checkTotpCode({ secret: SECRET, code: referenceCode(at(-1)), now: NOW, lastUsedStep: used }).ok,
    ).toBe(false);
    // The next step's code works.
    expect(
      checkTotpCode({ secret: SECRET, code: referenceCode(at(1)), now: at(1), lastUsedStep: used }),
    ).toEqual({
      ok: true,
      step: used + 1,
    });
  });

  it('refuses malformed codes and a code of another secret', () => {
    for (const code of ['', '12345', '1234567', 'abcdef', '12 34 56']) {
      expect(checkTotpCode({ secret: SECRET, code, now: NOW, lastUsedStep: null }).ok).toBe(false);
    }
    const other = newTotpSecret();
    const code = totpCodeAt(other, NOW);
    if ([-1, 0, 1].every((s) => referenceCode(at(s)) !== code)) {
      expect(checkTotpCode({ secret: SECRET, code, now: NOW, lastUsedStep: null }).ok).toBe(false);
    }
  });

  it('accepts the code as apps display it ("123 456")', () => {
    const code = referenceCode(NOW);
    const spaced = `${code.slice(0, 3)} ${code.slice(3)}`;
    expect(checkTotpCode({ secret: SECRET, code: spaced, now: NOW, lastUsedStep: null }).ok).toBe(true);
  });
});

describe('totpUri', () => {
  it('names the issuer and the account, and carries the secret', () => {
    const uri = new URL(totpUri(SECRET, 'ada@example.test'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Vitalbase:ada@example.test');
    expect(uri.searchParams.get('secret')).toBe(SECRET);
    expect(uri.searchParams.get('issuer')).toBe('Vitalbase');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('digits')).toBe('6');
  });

  it('makes a new 160-bit secret each time', () => {
    expect(SECRET).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(SECRET);
  });
});
