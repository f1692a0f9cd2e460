import { describe, expect, it } from 'vitest';
import { sameOriginUrl } from './oauth-api';

describe('sameOriginUrl', () => {
  const origin = 'https://vitalbase.example';

  it('follows the authorization server of this site, relative or absolute', () => {
    expect(sameOriginUrl('/oauth/auth/abc', origin)).toBe('https://vitalbase.example/oauth/auth/abc');
    expect(sameOriginUrl('https://vitalbase.example/oauth/auth/abc?x=1', origin)).toBe(
      'https://vitalbase.example/oauth/auth/abc?x=1',
    );
  });

  it('refuses any other site, scheme or port', () => {
    for (const raw of [
      'https://evil.example/oauth/auth/abc',
      '//evil.example/x',
      'http://vitalbase.example/oauth/auth/abc',
      'https://vitalbase.example:8443/x',
      'javascript:alert(1)',
      'https://vitalbase.example.evil.example/',
    ]) {
      expect(sameOriginUrl(raw, origin), raw).toBeNull();
    }
  });
});
