import { createClinicAsOperator, factoryKey } from '@vitalbase/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../server/src/test/harness';
import { type ClinicSimulationReport, profileOf, runClinicSimulation, totpCode } from './clinic';
import { createThrottle, UserHttp } from './http';
import { tokenInLink } from './verify';

let t: TestApp;
let url: string;
let report: ClinicSimulationReport;
const PATIENTS = 24; // more than the 20 sign-ups an hour one address may make

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  report = await runClinicSimulation({
    url,
    patients: PATIENTS,
    days: 10,
    rate: 0,
    seed: 7,
    factoryKey: factoryKey(t.config.cookieSecret),
    ownAddresses: true,
    verifyEmail: async (email) => tokenInLink((await t.smtp.waitFor(email, { timeoutMs: 15_000 })).text)!,
    createClinic: (adminEmail) => createClinicAsOperator(t.app.ctx, { name: 'Clinique simulée', adminEmail }),
  });
}, 300_000);
afterAll(() => t?.close());

/** The admin signs in as in a browser: password, then the authenticator's next code (once: a code is single use). */
let adminSession: UserHttp | undefined;
async function signInAdmin(): Promise<UserHttp> {
  if (adminSession) return adminSession;
  const admin = new UserHttp({ baseUrl: url, throttle: createThrottle(0) });
  await admin.call('POST', '/api/auth/login', { email: report.admin.email, password: report.admin.password });
  const code = totpCode(report.admin.totpSecret, new Date(Date.now() + 30_000));
  await admin.call('POST', '/api/auth/second-factor/totp', { code });
  adminSession = admin;
  return admin;
}

describe('vitalbase simulate --clinic against a live server', () => {
  it('enrols every patient with a cellular monitor of the clinic, paired to them and syncing alone', async () => {
    expect(report.patients).toHaveLength(PATIENTS);
    expect(report.stored).toBeGreaterThan(PATIENTS * 5);
    const admin = await signInAdmin();
    const stock = await admin.call<{
      devices: Array<{ state: string; cellular: boolean; patientId: string }>;
    }>('GET', `/api/clinics/${report.clinicId}/devices`);
    expect(stock.devices).toHaveLength(PATIENTS);
    expect(stock.devices.every((d) => d.state === 'assigned' && d.cellular)).toBe(true);
    expect(new Set(stock.devices.map((d) => d.patientId)).size).toBe(PATIENTS);
  });

  it('raises an urgent alert (current, not late) for each patient out of range', async () => {
    const admin = await signInAdmin();
    const alerts = await admin.call<{ alerts: Array<{ severity: string; late: boolean }> }>(
      'GET',
      `/api/clinics/${report.clinicId}/alerts?state=active`,
    );
    const outOfRange = report.patients.filter((p) => p.profile === 'out_of_range').length;
    expect(outOfRange).toBe(
      Array.from({ length: PATIENTS }, (_, i) => profileOf(i)).filter((p) => p === 'out_of_range').length,
    );
    expect(alerts.alerts.filter((a) => a.severity === 'urgent' && !a.late)).toHaveLength(outOfRange);
    expect(report.patients.some((p) => p.profile === 'not_adherent')).toBe(true);
  });
});
