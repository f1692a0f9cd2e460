import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_MIN_SCORE } from './password-policy';

// The dictionaries (common passwords, names, words) come from zxcvbn's packages, not a hand-made list.
// Ranking them takes ~0.4 s of CPU: done at the first check rather than at import, so a process that
// never checks a password (most test files, most CLI commands) never pays for it.
let configured = false;
function configureZxcvbn() {
  if (configured) return;
  zxcvbnOptions.setOptions({
    translations: zxcvbnEn.translations,
    graphs: zxcvbnCommon.adjacencyGraphs,
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    // l33t variants multiply the work: a few substitutions catch "p@ssw0rd" without costing seconds.
    l33tMaxSubstitutions: 8,
  });
  configured = true;
}

/**
 * zxcvbn's work grows fast with length (hundreds of ms at 100 characters): only this many leading
 * characters are scored. A password whose first 64 characters are strong is strong.
 */
export const PASSWORD_SCORED_LENGTH = 64;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'personal' | 'weak';

export interface PasswordStrength {
  /** zxcvbn score, 0 (guessable in seconds) to 4 (very strong). */
  score: number;
  /** True when the password meets every rule the server enforces. */
  ok: boolean;
  problems: PasswordProblem[];
  feedback: { warning: string | null; suggestions: string[] };
}

/**
 * The one password rule, shared by the server (enforced at sign-up, reset and change) and the web
 * meter: PASSWORD_MIN_LENGTH to PASSWORD_MAX_LENGTH characters, not a common password (nor one of those
 * with a few substitutions), not the user's own email or name, and a zxcvbn score of
 * PASSWORD_MIN_SCORE or more once the user's email and name are counted as known words.
 */
export function checkPasswordStrength(
  password: string,
  userInputs: readonly string[] = [],
): PasswordStrength {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  const inputs = userInputs.flatMap(splitUserInput);
  configureZxcvbn();
  const result = zxcvbn([...password].slice(0, PASSWORD_SCORED_LENGTH).join(''), inputs);
  const whole = result.sequence.length === 1 ? result.sequence[0] : undefined;
  const isCommon =
    whole?.pattern === 'dictionary' && (whole as { dictionaryName?: string }).dictionaryName === 'passwords';
  if (isCommon) problems.push('common');
  const bare = password.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  if (bare && inputs.some((input) => input.replace(/[^\p{L}\p{N}]+/gu, '') === bare))
    problems.push('personal');
  if (result.score < PASSWORD_MIN_SCORE) problems.push('weak');
  return {
    score: result.score,
    ok: problems.length === 0,
    problems,
    feedback: {
      warning: result.feedback.warning ?? null,
      suggestions: [...result.feedback.suggestions],
    },
  };
}

/** "ada.lovelace@example.com" counts as the address, "ada.lovelace", "ada", "lovelace" and "example". */
function splitUserInput(input: string): string[] {
  const lower = input.trim().toLowerCase();
  if (!lower) return [];
  const local = lower.includes('@') ? [lower.slice(0, lower.indexOf('@'))] : [];
  const parts = lower.split(/[^\p{L}\p{N}]+/u).filter((p) => p.length >= 3);
  return [lower, ...local, ...parts];
}
