import { describe, expect, it } from 'vitest';
import {
  partnerAppInputSchema,
  partnerScopeCatalog,
  partnerScopes,
  partnerScopeWords,
  parsePartnerScopeParam,
  redirectUriProblem,
} from './partner-scopes';

describe('partner scopes', () => {
  it('has plain words in English and French for every scope', () => {
    for (const scope of partnerScopes) {
      const { words } = partnerScopeCatalog[scope];
      for (const lang of ['en', 'fr'] as const) {
        expect(words[lang].title.length, `${scope} ${lang}`).toBeGreaterThan(3);
        expect(words[lang].description.length, `${scope} ${lang}`).toBeGreaterThan(10);
      }
      expect(words.fr.title).not.toBe(words.en.title);
    }
    expect(partnerScopeWords('user.metrics', 'fr-FR').title).toBe('Vos mesures');
    expect(partnerScopeWords('user.metrics', 'de').title).toBe('Your measurements');
  });

  it('reads space- or comma-separated scope lists (Withings clients use commas)', () => {
    expect(parsePartnerScopeParam('user.info,user.metrics')).toEqual(['user.info', 'user.metrics']);
    expect(parsePartnerScopeParam('user.info user.metrics,user.info')).toEqual(['user.info', 'user.metrics']);
    expect(parsePartnerScopeParam(' , ')).toEqual([]);
    expect(parsePartnerScopeParam(undefined)).toEqual([]);
  });

  it('accepts https, loopback http and private-use schemes as redirect URIs; refuses the rest', () => {
    expect(redirectUriProblem('https://app.example.org/cb')).toBeUndefined();
    expect(redirectUriProblem('http://127.0.0.1:5000/cb')).toBeUndefined();
    expect(redirectUriProblem('http://localhost/cb')).toBeUndefined();
    expect(redirectUriProblem('com.example.app:/oauth')).toBeUndefined();
    expect(redirectUriProblem('http://app.example.org/cb')).toMatch(/https/);
    expect(redirectUriProblem('https://app.example.org/cb#x')).toMatch(/fragment/);
    expect(redirectUriProblem('javascript:alert(1)')).toBeDefined();
    expect(redirectUriProblem('/relative')).toMatch(/absolute/);
  });

  it('validates an app registration', () => {
    const ok = { name: 'App', redirectUris: ['https://a.example/cb'], scopes: ['user.info'] };
    expect(partnerAppInputSchema.safeParse(ok).success).toBe(true);
    expect(partnerAppInputSchema.safeParse({ ...ok, scopes: ['user.info', 'user.info'] }).success).toBe(
      false,
    );
    expect(partnerAppInputSchema.safeParse({ ...ok, scopes: ['root'] }).success).toBe(false);
    expect(partnerAppInputSchema.safeParse({ ...ok, logoUri: 'http://a.example/logo.png' }).success).toBe(
      false,
    );
  });
});
