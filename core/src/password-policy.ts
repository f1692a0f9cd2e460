/** Shared by the server (enforced) and the web app (strength meter): one source for the rule. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn score (0–4) a password must reach, besides the length and common-password rules. */
export const PASSWORD_MIN_SCORE = 2;
