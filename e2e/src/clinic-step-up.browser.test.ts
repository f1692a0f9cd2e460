import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPage, checkPageInFrench, clinicPerson, createClinicByCli, pageApi } from './clinic-flows';
import { browserSuite, signInAnyLanguage } from './flows';
import { hasChromium } from './harness';

/**
 * A second factor passed per session (issue #15): a browser that signed in with the password alone,
 * before the account set a factor up in another browser, is asked for the factor on the clinic page
 * (the sign-in's second-step form, answered in this session), then sees its clinics.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'vitalbase-e2e-step-up-'));
const suite = browserSuite({
  VITALBASE_DATA_DIR: dataDir,
  COOKIE_SECRET: 'e2e-step-up-cookie-secret-0123456789abcdef',
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const tag = Date.now().toString(36);
const CLINIC = 'Cabinet des Tilleuls';
/** clinic-flows.ts's password of the people it makes. */
const PASSWORD = 'Clinic-Tester-Passphrase-73';

describe.skipIf(!hasChromium)('clinic pages ask this session for the second factor', () => {
  it('a password-only browser gives a recovery code on the page, then opens the clinic', async () => {
    const server = suite.server;
    const email = `step-up-${tag}@example.test`;
    const early = await clinicPerson(suite, 'Dr Bea Early', email, false);

    // Another browser of the same account sets the authenticator app up.
    const other = await suite.open();
    await signInAnyLanguage(server, other.page, email, PASSWORD);
    const { secret } = await pageApi<{ secret: string }>(other.page, 'POST', '/api/me/totp/enroll', {
      currentPassword: PASSWORD,
    });
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
    const { recoveryCodes } = await pageApi<{ recoveryCodes: string[] }>(
      other.page,
      'POST',
      '/api/me/totp/confirm',
      { code: totp.generate() },
    );
    await createClinicByCli(suite, dataDir, CLINIC, email);

    await early.page.goto(`${server.url}/clinics`);
    const form = early.page.getByRole('heading', { name: 'Second step', level: 1 });
    await form.waitFor();
    await early.page.getByText('this browser signed in with your password alone').waitFor();
    await checkPage(early.page, 'clinic-step-up');
    await checkPageInFrench(early.page, 'clinic-step-up');

    await early.page.getByLabel('A recovery code').check();
    // (The app's code of this 30 s step was spent confirming it: a recovery code needs no wait.)
    await early.page.getByRole('textbox', { name: 'Recovery code' }).fill(recoveryCodes[0] ?? '');
    await early.page.getByRole('button', { name: 'Continue' }).click();
    await early.page.getByRole('link', { name: CLINIC }).waitFor();
    expect(early.problems).toEqual([]);
  });
});
