import { describe, expect, it } from 'vitest';
import { newAccount } from './new-account';

const now = new Date('2026-03-01T10:00:00Z');
const person = { email: 'ada@example.test', displayName: 'Ada', birthDate: '1985-06-15', country: 'FR' };

describe('newAccount: the one account-creation rule', () => {
  it('an adult with a strong password: an active account, the password hashed, verified as asked', async () => {
    const { row, minor } = await newAccount(
      { ...person, password: 'violet-harbour-quartz-17' },
      { now, verified: true },
    );
    expect(minor).toBe(false);
    expect(row).toMatchObject({ state: 'active', locale: 'en', emailVerifiedAt: now, createdAt: now });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    const unverified = await newAccount({ ...person, passwordHash: 'h' }, { now, verified: false });
    expect(unverified.row.emailVerifiedAt).toBeNull();
  });

  it('refuses a birth date in the future and a weak password', async () => {
    await expect(
      newAccount({ ...person, birthDate: '2026-03-02', passwordHash: 'h' }, { now, verified: false }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      newAccount({ ...person, password: 'password123' }, { now, verified: false }),
    ).rejects.toThrow(/stronger/);
  });

  it("a minor's account waits for a parent; the caller's own rule on minors runs first", async () => {
    const child = { ...person, birthDate: '2016-01-01', passwordHash: 'h' };
    expect((await newAccount(child, { now, verified: false })).row.state).toBe('pending_parental_consent');
    await expect(
      newAccount(child, {
        now,
        verified: true,
        forMinor: (minor) => {
          if (minor) throw new Error('refused: a minor');
        },
      }),
    ).rejects.toThrow(/a minor/);
  });

  it('a precomputed hash (the test harness) is stored as given, without argon2', async () => {
    const { row } = await newAccount(
      { ...person, passwordHash: Promise.resolve('$precomputed') },
      { now, verified: true },
    );
    expect(row.passwordHash).toBe('$precomputed');
  });
});
