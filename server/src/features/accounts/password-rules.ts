import { checkPasswordStrength } from '@vitalbase/core';
import { AppError } from '../../lib/errors';

/** Enforces core's password rule (the one the web meter shows) with the user's own details as known words. */
export function assertStrongPassword(password: string, userInputs: readonly string[]): void {
  const strength = checkPasswordStrength(password, userInputs);
  if (!strength.ok) {
    throw new AppError(400, 'weak_password', 'Choose a stronger password.', {
      problems: strength.problems,
      feedback: strength.feedback,
    });
  }
}
