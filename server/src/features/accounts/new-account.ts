import { randomUUID } from 'node:crypto';
import { needsParentalConsent } from '@vitalbase/core';
import { Invalid } from '../../lib/errors';
import { hashPassword } from './password';
import { assertStrongPassword } from './password-rules';
import type { UsersRepo } from './users.repo';

/** Who a new account is for, as sign-up, the operator and the tests give it. */
export interface NewAccount {
  email: string;
  displayName: string;
  birthDate: string;
  country: string;
  locale?: string;
  /** An IANA zone already validated (core's timeZoneField); 'UTC' when not given. */
  timeZone?: string | undefined;
}

export interface NewAccountOptions {
  now: Date;
  digitalConsentAges?: Record<string, number>;
  digitalConsentAge?: number;
  /** The operator vouches for the address (and the tests); sign-up verifies it by mail. */
  verified: boolean;
  /** The caller's own rule on a minor (sign-up wants a parent's address, the operator refuses), before the password is checked. */
  forMinor?: (minor: boolean) => void;
}

/**
 * The one account-creation rule, used by sign-up, the operator's `vitalbase user create` and the test
 * harness: the birth date is not in the future; under the age of digital consent in the person's
 * country the account waits for a parent (`pending_parental_consent`); the password is strong and
 * stored as an argon2 hash. Answers the row for `users.insert` (in the caller's transaction) and
 * whether it is a minor's. The test harness passes a hash computed once
 * (`passwordHash`) to skip the strength check and argon2 (~20 ms per user); nothing else may.
 */
export async function newAccount(
  input: NewAccount & ({ password: string } | { passwordHash: Promise<string> | string }),
  opts: NewAccountOptions,
): Promise<{ row: Parameters<UsersRepo['insert']>[0]; minor: boolean }> {
  const today = opts.now.toISOString().slice(0, 10);
  if (input.birthDate > today) throw new Invalid('The birth date is in the future.', [{ path: 'birthDate' }]);
  const minor = needsParentalConsent(
    input.birthDate,
    input.country,
    today,
    opts.digitalConsentAges,
    opts.digitalConsentAge,
  );
  opts.forMinor?.(minor);
  let passwordHash: string;
  if ('password' in input) {
    assertStrongPassword(input.password, [input.email, input.displayName]);
    passwordHash = await hashPassword(input.password);
  } else {
    passwordHash = await input.passwordHash;
  }
  return {
    minor,
    row: {
      id: randomUUID(),
      email: input.email,
      passwordHash,
      displayName: input.displayName,
      birthDate: input.birthDate,
      country: input.country,
      locale: input.locale ?? 'en',
      timeZone: input.timeZone ?? 'UTC',
      state: minor ? 'pending_parental_consent' : 'active',
      emailVerifiedAt: opts.verified ? opts.now : null,
      createdAt: opts.now,
      updatedAt: opts.now,
    },
  };
}
