import { type PoolTimeouts, parsePostgresTargets } from './db/postgres-hosts';
import { generateKeyPairSync, type JsonWebKey, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DIGITAL_CONSENT_AGE, DIGITAL_CONSENT_AGES, plainTextField } from '@vitalbase/core';
import { z } from 'zod';

const consentAges = z
  .string()
  .regex(
    /^([A-Za-z]{2}=\d{1,2})(,[A-Za-z]{2}=\d{1,2})*$/,
    'expected CC=AGE pairs separated by commas, e.g. "FR=15,DE=16"',
  )
  .transform((s) =>
    Object.fromEntries(s.split(',').map((pair) => [pair.slice(0, 2).toUpperCase(), Number(pair.slice(3))])),
  );

/** An operator fact shown in the privacy policy and terms: one line of plain text (put into Markdown). */
const operatorFact = (max: number) => plainTextField(max).optional();

const boolFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** postgres:// with one host, or several (`h1:5432,h2:5433`, as pg_auto_failover prints it). */
const postgresUrl = z.string().superRefine((value, check) => {
  try {
    parsePostgresTargets(value);
  } catch (err) {
    check.addIssue({ code: 'custom', message: `must be a postgres:// URL (${(err as Error).message})` });
  }
});

/** Every setting, from the environment. Validated at start; all problems are reported together. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  VITALBASE_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_OWNER_URL: postgresUrl.optional(),
  /** PostgreSQL: how long opening a connection, and one statement, may take (a dead primary never answers). */
  DATABASE_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
  DATABASE_STATEMENT_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default('Vitalbase <no-reply@vitalbase.local>'),
  COOKIE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  DATA_REGION: z.string().min(2).default('France (EU)'),
  PRIVACY_CONTACT: z.string().min(3).max(200).optional(),
  OPERATOR_NAME: operatorFact(200),
  OPERATOR_ADDRESS: operatorFact(300),
  DPO_CONTACT: operatorFact(200),
  PROCESSORS: operatorFact(1000),
  GOVERNING_LAW: operatorFact(200),
  DIGITAL_CONSENT_AGE: z.coerce.number().int().min(13).max(18).default(DEFAULT_DIGITAL_CONSENT_AGE),
  DIGITAL_CONSENT_AGES: consentAges.optional(),
  TRUST_PROXY: boolFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JOBS: boolFlag.default(true),
  WEBHOOKS_ALLOW_PRIVATE_NETWORK: boolFlag.default(false),
  JWKS_URL_ALLOW_HTTP_LOOPBACK: boolFlag.default(false),
  DEVICE_DIAGNOSTICS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  INACTIVITY_CLOSE_YEARS: z.coerce.number().int().min(1).max(20).default(5),
  MAINTENANCE_NOTICE_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  OAUTH_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(3600),
  OAUTH_REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(730).default(365),
  VITALBASE_EXPORTS_DIR: z.string().min(1).optional(),
  ERASURE_JOURNAL_FILE: z.string().min(1).optional(),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(365).default(7),
  HTTP_HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  HTTP_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(5),
  HTTP_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).max(100_000).default(64),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  secureCookies: boolean;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The schema owner's connection, for migrations; DATABASE_URL's role then only serves (audit trail). */
  databaseOwnerUrl: string | undefined;
  /** PostgreSQL pools' connect and statement timeouts (db/postgres-hosts.ts). */
  databaseTimeouts: PoolTimeouts;
  smtpUrl: string | undefined;
  mailFrom: string;
  cookieSecret: string;
  dataRegion: string;
  /** Who users write to about their data (the operator's privacy contact), shown in the privacy center. */
  privacyContact?: string;
  /** Who runs this installation, as the privacy policy and terms name them (placeholders where unset). */
  operator: OperatorFacts;
  digitalConsentAge: number;
  digitalConsentAges: Record<string, number>;
  trustProxy: boolean;
  logLevel: string;
  jobs: boolean;
  /** Partner callbacks and webhooks may target http and private addresses (tests, closed networks only). */
  webhooksAllowPrivateNetwork: boolean;
  /** A clinic's EHR key set URL may be plain http on a loopback address (tests, development only). */
  jwksUrlAllowHttpLoopback: boolean;
  /** Device logs and battery readings (technical data) are purged after this many days. */
  deviceDiagnosticsRetentionDays: number;
  /** P21: an account unused this many years is closed (notices 60 and 30 days before). */
  inactivityCloseYears: number;
  /** P23: a maintenance window is announced in the app this many days before it starts (by default). */
  maintenanceNoticeDays: number;
  /** Partner apps (OAuth): access tokens are short-lived; each refresh token lives this long (rotated on use). */
  oauthAccessTokenTtlSeconds: number;
  oauthRefreshTokenTtlDays: number;
  /** Where "Download my data" ZIPs are written (default: `<dataDir>/exports`). */
  exportsDir: string;
  /**
   * The erasure journal (issue #19, features/erasure/erasure-journal.ts): outside what a backup copies,
   * so a restore cannot bring an erased person back. Default `<dataDir>/erasure-journal.ndjson`.
   */
  erasureJournalFile: string;
  /** The running server writes a backup there every night (docs/backups.md); unset: no scheduled backup. */
  backupDir?: string;
  /** How many of its own scheduled backups it keeps. */
  backupKeep: number;
  /**
   * Slow or stalled clients [issue #11]: a request must send its headers within this time, and its
   * whole body within httpRequestTimeoutMs (60 s by default: a 2 MB sync batch at ~35 KB/s, a phone on
   * a weak 3G link); an idle kept-alive connection closes after httpKeepAliveTimeoutMs.
   */
  httpHeadersTimeoutMs: number;
  httpRequestTimeoutMs: number;
  httpKeepAliveTimeoutMs: number;
  /** Open connections one client address may hold; 0 turns the cap off (not applied behind a proxy). */
  maxConnectionsPerAddress: number;
}

/** OPERATOR_NAME, OPERATOR_ADDRESS, DPO_CONTACT, PROCESSORS, GOVERNING_LAW (README, "Configuration"). */
interface OperatorFacts {
  name?: string;
  address?: string;
  dpoContact?: string;
  /** The processors the operator uses (mail delivery, hosting…), as one line of text. */
  processors?: string;
  governingLaw?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads the settings, lists every problem at once, and fills secrets that were not given from the
 * data dir (generated on first start and kept, so sessions survive restarts).
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const picked = Object.fromEntries(
    Object.keys(envSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.DATABASE_OWNER_URL && !e.DATABASE_URL) {
    throw new ConfigError(['DATABASE_OWNER_URL: needs DATABASE_URL (the role the server serves with)']);
  }
  if (e.HTTP_HEADERS_TIMEOUT_SECONDS > e.HTTP_REQUEST_TIMEOUT_SECONDS) {
    throw new ConfigError([
      'HTTP_HEADERS_TIMEOUT_SECONDS: must not be longer than HTTP_REQUEST_TIMEOUT_SECONDS',
    ]);
  }
  const dataDir = path.resolve(overrides.dataDir ?? e.VITALBASE_DATA_DIR);
  const publicUrl = (overrides.publicUrl ?? e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    databaseTimeouts: {
      connectSeconds: e.DATABASE_CONNECT_TIMEOUT_SECONDS,
      statementSeconds: e.DATABASE_STATEMENT_TIMEOUT_SECONDS,
    },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    cookieSecret: e.COOKIE_SECRET ?? '',
    dataRegion: e.DATA_REGION,
    privacyContact: e.PRIVACY_CONTACT,
    operator: {
      name: e.OPERATOR_NAME,
      address: e.OPERATOR_ADDRESS,
      dpoContact: e.DPO_CONTACT,
      processors: e.PROCESSORS,
      governingLaw: e.GOVERNING_LAW,
    },
    digitalConsentAge: e.DIGITAL_CONSENT_AGE,
    digitalConsentAges: { ...DIGITAL_CONSENT_AGES, ...(e.DIGITAL_CONSENT_AGES ?? {}) },
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    jobs: e.JOBS,
    webhooksAllowPrivateNetwork: e.WEBHOOKS_ALLOW_PRIVATE_NETWORK,
    jwksUrlAllowHttpLoopback: e.JWKS_URL_ALLOW_HTTP_LOOPBACK,
    deviceDiagnosticsRetentionDays: e.DEVICE_DIAGNOSTICS_RETENTION_DAYS,
    inactivityCloseYears: e.INACTIVITY_CLOSE_YEARS,
    maintenanceNoticeDays: e.MAINTENANCE_NOTICE_DAYS,
    oauthAccessTokenTtlSeconds: e.OAUTH_ACCESS_TOKEN_TTL_SECONDS,
    oauthRefreshTokenTtlDays: e.OAUTH_REFRESH_TOKEN_TTL_DAYS,
    exportsDir: path.resolve(dataDir, e.VITALBASE_EXPORTS_DIR ?? 'exports'),
    erasureJournalFile: path.resolve(dataDir, e.ERASURE_JOURNAL_FILE ?? 'erasure-journal.ndjson'),
    backupDir: e.BACKUP_DIR ? path.resolve(e.BACKUP_DIR) : undefined,
    backupKeep: e.BACKUP_KEEP,
    httpHeadersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_SECONDS * 1000,
    httpRequestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
    httpKeepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
    maxConnectionsPerAddress: e.HTTP_MAX_CONNECTIONS_PER_ADDRESS,
    ...overrides,
  };
  if (!config.cookieSecret) config.cookieSecret = persistedSecret(dataDir, 'cookieSecret');
  return config;
}

function persistedSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, 'secrets.json');
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!secrets[name]) {
    secrets[name] = randomBytes(32).toString('base64url');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets[name];
}

/**
 * The OAuth server's signing key (ID tokens, JWKS), a private RSA JWK generated on first use and kept
 * in the data dir's secrets.json like the other generated secrets, so tokens survive restarts.
 */
export function persistedOAuthSigningKey(dataDir: string): JsonWebKey {
  const file = path.join(dataDir, 'secrets.json');
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!secrets.oauthSigningKey) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = {
      ...privateKey.export({ format: 'jwk' }),
      kid: randomBytes(8).toString('hex'),
      use: 'sig',
      alg: 'RS256',
    };
    secrets.oauthSigningKey = JSON.stringify(jwk);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return JSON.parse(secrets.oauthSigningKey) as JsonWebKey;
}
