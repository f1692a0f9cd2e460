import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path';

describe('safeReturnPath', () => {
  it('keeps paths of this site, with their query and fragment', () => {
    expect(safeReturnPath('/oauth/consent/abc123')).toBe('/oauth/consent/abc123');
    expect(safeReturnPath('/privacy?x=1#connected-apps')).toBe('/privacy?x=1#connected-apps');
  });

  it('refuses anything that could leave the site', () => {
    for (const raw of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      ' /privacy',
      '/\t/evil.example',
      'privacy',
      '',
      null,
      undefined,
      `/${'a'.repeat(3000)}`,
    ]) {
      expect(safeReturnPath(raw), String(raw)).toBeNull();
    }
  });
});
