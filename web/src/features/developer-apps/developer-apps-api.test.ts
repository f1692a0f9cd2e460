import { describe, expect, it } from 'vitest';
import { formFieldErrors, parseRedirectUris } from './developer-apps-api';

describe('parseRedirectUris', () => {
  it('takes one URI per line, dropping blank lines and surrounding spaces only', () => {
    expect(parseRedirectUris('https://a.example/cb\r\n\n  https://b.example/cb?x=1  \n')).toEqual([
      'https://a.example/cb',
      'https://b.example/cb?x=1',
    ]);
    expect(parseRedirectUris('https://a.example/cb/')).toEqual(['https://a.example/cb/']);
    expect(parseRedirectUris('  \n ')).toEqual([]);
  });
});

describe('formFieldErrors', () => {
  it('puts an error about one item of a list next to the list, keeping the first one', () => {
    expect(
      formFieldErrors({
        'redirectUris.1': 'redirect URI must use https',
        'redirectUris.2': 'redirect URI must not contain a fragment (#)',
        name: 'Too short',
      }),
    ).toEqual({ redirectUris: 'redirect URI must use https', name: 'Too short' });
  });
});
