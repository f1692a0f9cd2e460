import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_MIN_SCORE } from './password-policy';
import { checkPasswordStrength } from './password-strength';

describe('checkPasswordStrength', () => {
  it('refuses common passwords from the zxcvbn dictionaries, even long enough ones', () => {
    for (const password of ['password123', 'qwertyuiop', '1234567890', 'iloveyou12', 'letmein1234']) {
      const result = checkPasswordStrength(password);
      expect(result.ok, password).toBe(false);
    }
    expect(checkPasswordStrength('qwertyuiop').problems).toContain('common');
  });

  it('refuses anything shorter than the minimum, however random', () => {
    const result = checkPasswordStrength('Zq8#vL!2w');
    expect(result.problems).toContain('too_short');
    expect(result.ok).toBe(false);
  });

  it('accepts long, unusual passwords', () => {
    for (const password of ['Velvet-Harbor-Quiet-42', 'Zq8#vLr!2w', 'correct horse battery staple']) {
      expect(checkPasswordStrength(password), password).toMatchObject({ ok: true, problems: [] });
    }
  });

  it("counts the user's own email and name as known words", () => {
    const alone = checkPasswordStrength('marguerite.yourcenar');
    const withInputs = checkPasswordStrength('marguerite.yourcenar', ['marguerite.yourcenar@example.com']);
    expect(alone.score).toBeGreaterThan(withInputs.score);
    expect(withInputs.ok).toBe(false);
  });

  it('gives feedback for the meter', () => {
    const result = checkPasswordStrength('password123');
    expect(result.feedback.warning).toMatch(/common/i);
  });

  it('property: ok exactly when length, dictionary and score rules all pass', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 24 }),
        fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
        (pw, inputs) => {
          const result = checkPasswordStrength(pw, inputs);
          const length = [...pw].length;
          expect(result.score).toBeGreaterThanOrEqual(0);
          expect(result.score).toBeLessThanOrEqual(4);
          if (length < PASSWORD_MIN_LENGTH) expect(result.ok).toBe(false);
          if (result.score < PASSWORD_MIN_SCORE) expect(result.ok).toBe(false);
          expect(result.ok).toBe(result.problems.length === 0);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('property: a password is never accepted when it is the email or the name given as user input', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{5,12}\.[a-z]{5,12}$/), (name) => {
        expect(checkPasswordStrength(name, [`${name}@example.com`]).ok).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('property: too long is refused, whatever it is made of', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: PASSWORD_MAX_LENGTH + 1, maxLength: PASSWORD_MAX_LENGTH + 50 }),
        (pw) => {
          fc.pre([...pw].length > PASSWORD_MAX_LENGTH);
          expect(checkPasswordStrength(pw).problems).toContain('too_long');
        },
      ),
      { numRuns: 20 },
    );
  });
});
