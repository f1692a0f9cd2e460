import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envSchema, loadConfig } from './config';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'vitalbase-config-'));

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, { dataDir: tempDir() });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reports every problem at once, each naming its setting', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      PUBLIC_URL: 'ftp://example.org',
      DATABASE_URL: 'mysql://localhost/db',
      SMTP_URL: 'not a url',
      COOKIE_SECRET: 'short',
      DIGITAL_CONSENT_AGE: '40',
      DIGITAL_CONSENT_AGES: 'France=15',
      TRUST_PROXY: 'maybe',
      LOG_LEVEL: 'loud',
      JOBS: 'yes',
      DATABASE_CONNECT_TIMEOUT_SECONDS: '0',
      DATABASE_STATEMENT_TIMEOUT_SECONDS: 'forever',
    });
    const settings = problems.map((p) => p.split(':')[0]);
    expect(settings.sort()).toEqual(
      [
        'PORT',
        'PUBLIC_URL',
        'DATABASE_URL',
        'SMTP_URL',
        'COOKIE_SECRET',
        'DIGITAL_CONSENT_AGE',
        'DIGITAL_CONSENT_AGES',
        'TRUST_PROXY',
        'LOG_LEVEL',
        'JOBS',
        'DATABASE_CONNECT_TIMEOUT_SECONDS',
        'DATABASE_STATEMENT_TIMEOUT_SECONDS',
      ].sort(),
    );
    for (const problem of problems) expect(problem).toMatch(/^[A-Z_]+: \S/);
  });

  it('lists the problems in its message, one a line', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: '-1', LOG_LEVEL: 'loud' }, { dataDir: tempDir() });
      } catch (err) {
        return err as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message.split('\n')).toEqual([
      'Invalid configuration:',
      expect.stringMatching(/^ {2}- PORT: /),
      expect.stringMatching(/^ {2}- LOG_LEVEL: /),
    ]);
  });

  it('bounds the HTTP timeouts: seconds in range, the headers no longer than the whole request', () => {
    expect(problemsOf({ HTTP_REQUEST_TIMEOUT_SECONDS: '0', HTTP_MAX_CONNECTIONS_PER_ADDRESS: '-1' })).toEqual(
      [
        expect.stringMatching(/^HTTP_REQUEST_TIMEOUT_SECONDS: /),
        expect.stringMatching(/^HTTP_MAX_CONNECTIONS_PER_ADDRESS: /),
      ],
    );
    expect(problemsOf({ HTTP_HEADERS_TIMEOUT_SECONDS: '30', HTTP_REQUEST_TIMEOUT_SECONDS: '20' })).toEqual([
      expect.stringMatching(/^HTTP_HEADERS_TIMEOUT_SECONDS: /),
    ]);
    expect(loadConfig({}, { dataDir: tempDir() })).toMatchObject({
      httpHeadersTimeoutMs: 15_000,
      httpRequestTimeoutMs: 60_000,
      httpKeepAliveTimeoutMs: 5_000,
      maxConnectionsPerAddress: 64,
    });
  });

  it('uses the documented defaults when nothing is set (empty values count as unset)', () => {
    const dataDir = tempDir();
    const config = loadConfig({ PORT: '', DATABASE_URL: '' }, { dataDir });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:8080',
      secureCookies: false,
      dataDir,
      databaseUrl: undefined,
      smtpUrl: undefined,
      dataRegion: 'France (EU)',
      digitalConsentAge: 15,
      trustProxy: false,
      logLevel: 'info',
      jobs: true,
    });
    expect(config.digitalConsentAges.FR).toBe(15);
  });

  it('reads every setting it is given', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        HOST: '0.0.0.0',
        PUBLIC_URL: 'https://health.example.org/',
        DATABASE_URL: 'postgres://vb@db.example.org:5432/vitalbase',
        SMTP_URL: 'smtps://mailer:secret@smtp.example.org',
        MAIL_FROM: 'Health <health@example.org>',
        COOKIE_SECRET: 'x'.repeat(40),
        DATA_REGION: 'Germany (EU)',
        DIGITAL_CONSENT_AGE: '16',
        DIGITAL_CONSENT_AGES: 'fr=14,XX=13',
        TRUST_PROXY: '1',
        LOG_LEVEL: 'warn',
        JOBS: 'false',
      },
      { dataDir: tempDir() },
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      publicUrl: 'https://health.example.org',
      secureCookies: true,
      databaseUrl: 'postgres://vb@db.example.org:5432/vitalbase',
      smtpUrl: 'smtps://mailer:secret@smtp.example.org',
      mailFrom: 'Health <health@example.org>',
      cookieSecret: 'x'.repeat(40),
      dataRegion: 'Germany (EU)',
      digitalConsentAge: 16,
      trustProxy: true,
      logLevel: 'warn',
      jobs: false,
    });
    // The per-country table overrides the built-in entries and adds new ones.
    expect(config.digitalConsentAges).toMatchObject({ FR: 14, XX: 13, DE: 16 });
  });

  it('generates a missing secret once, keeps it in the data dir, and reuses it', () => {
    const dataDir = tempDir();
    const first = loadConfig({}, { dataDir });
    const second = loadConfig({}, { dataDir });
    expect(first.cookieSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.cookieSecret).toBe(first.cookieSecret);
    const file = path.join(dataDir, 'secrets.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).cookieSecret).toBe(first.cookieSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig({}, { dataDir: tempDir() }).cookieSecret).not.toBe(first.cookieSecret);
  });

  it('is documented: every setting has a row in the README configuration table', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(envSchema.shape).sort());
  });
});
