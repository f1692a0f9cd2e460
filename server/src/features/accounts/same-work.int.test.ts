import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type JobQueue, startJobs } from '../../jobs';
import { createTestApp, createTestUser, OFF_PATH_WAIT, type TestApp } from '../../test/harness';
import { ACCOUNT_MAIL_JOB } from './account-mail';
import { accountMailJob } from './accounts.jobs';
import { BrowserClient, signUpBody, uniqueEmail } from './accounts.test-support';
import { dummyPasswordHash } from './password';

// A pass-through spy on the hashing library (not on our code): it records which hash each sign-in
// checked, and still checks it.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});

/**
 * Whether an email has an account must not show in how long the answer takes [issue #11]. Timings are
 * not asserted (they flake); the structure is: both paths do the same work.
 */
let t: TestApp;
let queue: JobQueue;
beforeAll(async () => {
  t = await createTestApp();
  queue = await startJobs(t.app.ctx, [accountMailJob as never], {
    pollingIntervalSeconds: 0.5,
    stopTimeoutMs: 2000,
  });
  t.app.ctx.jobs = queue;
});
afterAll(async () => {
  t.app.ctx.jobs = undefined;
  await queue?.stop();
  await t?.close();
});

async function queuedMailJobs(): Promise<Array<{ kind: string; userId: string | null }>> {
  const { rows } = await t.database.raw.query<{ data: { kind: string; userId: string | null } }>(
    'SELECT data FROM pgboss.job WHERE name = $1 ORDER BY created_on',
    [ACCOUNT_MAIL_JOB],
  );
  return rows.map((r) => ({ kind: r.data.kind, userId: r.data.userId }));
}

describe('the same work whether or not an email has an account', () => {
  it('forgot password: one lookup and one queued job either way; the job mails the account', async () => {
    const { user } = await createTestUser(t);
    const before = (await queuedMailJobs()).length;
    for (const email of [user.email, uniqueEmail()]) {
      const res = await new BrowserClient(t).post('/api/auth/forgot-password', { email });
      expect(res.statusCode).toBe(202);
    }
    expect((await queuedMailJobs()).slice(before)).toEqual([
      { kind: 'reset-password', userId: user.id },
      { kind: 'reset-password', userId: null },
    ]);
    const mail = await t.smtp.waitFor(user.email, { subject: /Reset your password/ });
    expect(t.smtp.linkIn(mail)).toMatch(/\/reset-password\?token=/);
  });

  it('resend verification and a sign-up on a taken address queue the same job as an unknown address', async () => {
    const { user } = await createTestUser(t, { emailVerifiedAt: null });
    const before = (await queuedMailJobs()).length;
    const browser = new BrowserClient(t);
    for (const email of [user.email, uniqueEmail()]) {
      expect((await browser.post('/api/auth/resend-verification', { email })).statusCode).toBe(202);
    }
    expect((await browser.post('/api/auth/signup', signUpBody({ email: user.email }))).statusCode).toBe(202);
    expect((await queuedMailJobs()).slice(before)).toEqual([
      { kind: 'verify-email', userId: user.id },
      { kind: 'verify-email', userId: null },
      { kind: 'signup-existing', userId: user.id },
    ]);
    await t.smtp.waitFor(user.email, { subject: /Confirm your email/ });
    await t.smtp.waitFor(user.email, { subject: /tried to sign up/ });
  });

  it('sign-in: an unknown email is checked against a dummy hash, a known one against its own', async () => {
    const { user } = await createTestUser(t);
    const checked = vi.mocked(verify);
    checked.mockClear();
    await new BrowserClient(t).post('/api/auth/login', {
      email: uniqueEmail(),
      password: 'wrong-password-1',
    });
    await new BrowserClient(t).post('/api/auth/login', { email: user.email, password: 'wrong-password-1' });
    expect(checked.mock.calls.map(([hash]) => hash)).toEqual([await dummyPasswordHash(), user.passwordHash]);
  });

  it('sign-in: a wrong password on a known email answers without waiting for its audit write', async () => {
    const { user } = await createTestUser(t);
    const audit = t.app.ctx.audit;
    const record = audit.record;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Holds every audit write until released: an answer that waited for one would never come.
    audit.record = async (event) => {
      await held;
      return record.call(audit, event);
    };
    try {
      const res = await new BrowserClient(t).post('/api/auth/login', {
        email: user.email,
        password: 'wrong-password-1',
      });
      expect(res.statusCode).toBe(401);
    } finally {
      audit.record = record;
      release();
    }
    await vi.waitFor(async () => {
      const { rows } = await t.database.raw.query<{ n: string | number }>(
        "SELECT count(*) AS n FROM audit_events WHERE user_id = $1 AND action = 'login_failed'",
        [user.id],
      );
      expect(Number(rows[0]?.n)).toBe(1);
    }, OFF_PATH_WAIT);
  });
});
