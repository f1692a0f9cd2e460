import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newPersonalAccessToken, parsePersonalAccessToken } from './personal-access-token';

describe('personal access token format', () => {
  it('is vbp_<userId>.<secret> and parses back to its parts', () => {
    const userId = randomUUID();
    const { token, secret } = newPersonalAccessToken(userId);
    expect(token).toBe(`vbp_${userId}.${secret}`);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parsePersonalAccessToken(token)).toEqual({ userId, secret });
  });

  it('makes a different secret each time', () => {
    const userId = randomUUID();
    expect(newPersonalAccessToken(userId).secret).not.toBe(newPersonalAccessToken(userId).secret);
  });

  it('refuses anything else: no prefix, a session cookie, a bad user id, a short secret', () => {
    const userId = randomUUID();
    const { secret } = newPersonalAccessToken(userId);
    for (const bad of [
      `${userId}.${secret}`,
      `vbx_${userId}.${secret}`,
      `vbp_not-a-uuid.${secret}`,
      `vbp_${userId}.short`,
      `vbp_${userId}`,
      '',
    ]) {
      expect(parsePersonalAccessToken(bad)).toBeUndefined();
    }
  });
});
