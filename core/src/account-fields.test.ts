import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCountryCode, isTimeZone, profilePatchBody, signUpBody } from './account-fields';
import { PASSWORD_MIN_LENGTH } from './password-policy';

const valid = {
  email: 'ada@example.com',
  password: 'Velvet-Harbor-Quiet-42',
  displayName: 'Ada Lovelace',
  birthDate: '1990-12-10',
  country: 'FR',
  policies: { privacy: '1', terms: '1' },
};

const calendarDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('sign-up validation', () => {
  it('normalizes email and country', () => {
    expect(signUpBody.parse({ ...valid, email: '  Ada@Example.COM ', country: 'fr' })).toMatchObject({
      email: 'ada@example.com',
      country: 'FR',
    });
  });

  it('property: every real calendar date from 1900 is accepted as a birth date', () => {
    fc.assert(
      fc.property(calendarDate, (birthDate) => {
        expect(signUpBody.safeParse({ ...valid, birthDate }).success).toBe(true);
      }),
    );
  });

  it('property: impossible dates are refused', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 29, max: 99 }),
        (y, m, d) => {
          const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
          fc.pre(d > last);
          const birthDate = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          expect(signUpBody.safeParse({ ...valid, birthDate }).success).toBe(false);
        },
      ),
    );
  });

  it('property: passwords shorter than the minimum are refused by the schema', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: PASSWORD_MIN_LENGTH - 1 }), (password) => {
        expect(signUpBody.safeParse({ ...valid, password }).success).toBe(false);
      }),
    );
  });

  it('property: a display name with a control character is refused; printable ones of 1–100 pass', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.integer({ min: 0, max: 0x1f }),
        fc.string({ maxLength: 40 }),
        (a, c, b) => {
          const displayName = `x${a}${String.fromCharCode(c)}${b}x`;
          expect(signUpBody.safeParse({ ...valid, displayName }).success).toBe(false);
        },
      ),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[\p{L}][\p{L} .'-]{0,98}[\p{L}]$/u), (displayName) => {
        expect(signUpBody.safeParse({ ...valid, displayName }).success).toBe(true);
      }),
    );
  });

  it('property: whatever the input, parsing never throws and a success keeps the fields sane', () => {
    fc.assert(
      fc.property(
        fc.record({
          email: fc.oneof(fc.emailAddress(), fc.string()),
          password: fc.string({ maxLength: 300 }),
          displayName: fc.string({ maxLength: 120 }),
          birthDate: fc.oneof(calendarDate, fc.string()),
          country: fc.oneof(fc.constantFrom('FR', 'de', 'US', 'ZZ', 'XX'), fc.string()),
          parentEmail: fc.option(fc.emailAddress(), { nil: undefined }),
        }),
        (input) => {
          const result = signUpBody.safeParse(input);
          if (result.success) {
            expect(result.data.email).toBe(result.data.email.trim().toLowerCase());
            expect(isCountryCode(result.data.country)).toBe(true);
            expect(result.data.displayName.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses unknown countries', () => {
    for (const country of ['ZZ', 'XX', 'FRA', '1', '']) {
      expect(signUpBody.safeParse({ ...valid, country }).success, country).toBe(false);
    }
  });
});

describe('profile fields', () => {
  it('accepts IANA zones and refuses the rest', () => {
    for (const zone of ['UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata']) {
      expect(isTimeZone(zone), zone).toBe(true);
    }
    for (const zone of ['Mars/Base', '+01:00', 'Europe/../etc', '', 'x'.repeat(70)]) {
      expect(isTimeZone(zone), zone).toBe(false);
    }
  });

  it('refuses fields it does not know', () => {
    expect(profilePatchBody.safeParse({ displayName: 'A', state: 'active' }).success).toBe(false);
  });
});
