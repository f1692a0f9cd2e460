import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader, verifySignature } from './signature';

describe('webhook signatures (t=…,v1=… over "t.body")', () => {
  const secret = newWebhookSecret();
  const body = '{"id":"1","type":"user.erased"}';

  it('is an HMAC-SHA256 a receiver can recompute with any library', () => {
    const header = signatureHeader(secret, 1_700_000_000, body);
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies with the secret only, for the exact body, within the tolerance', () => {
    const header = signatureHeader(secret, 1_700_000_000, body);
    expect(verifySignature(secret, header, body, 1_700_000_100)).toBe(true);
    expect(verifySignature(newWebhookSecret(), header, body, 1_700_000_100)).toBe(false);
    expect(verifySignature(secret, header, `${body} `, 1_700_000_100)).toBe(false);
    expect(verifySignature(secret, header, body, 1_700_000_301)).toBe(false);
    expect(verifySignature(secret, undefined, body, 1_700_000_000)).toBe(false);
    expect(verifySignature(secret, 'garbage', body, 1_700_000_000)).toBe(false);
    expect(verifySignature(secret, 't=1700000000,v1=zz', body, 1_700_000_000)).toBe(false);
    // A rotated secret can be announced with two v1 values; any match is enough.
    const two = `${header},v1=${'0'.repeat(64)}`;
    expect(verifySignature(secret, two, body, 1_700_000_000)).toBe(true);
  });

  it('makes a new random secret each time', () => {
    expect(newWebhookSecret()).not.toBe(newWebhookSecret());
    expect(newWebhookSecret()).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  });
});
