import type { ClinicRole } from '@vitalbase/core';
import { expect } from 'vitest';
import { type ApiClient, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { enrolTotp } from '../second-factor/second-factor.test-support';
import { createStaffService } from './staff.service';

/** Scenarios of the clinics tests: a clinic with an admin, staff who joined by mail, enrolled patients. */

export const codeHeader = (code: string) => ({ headers: { 'x-invitation-code': code } });

/** The code of the last invitation mailed to an address (the mail carries the code and the link). */
export async function mailedCode(t: TestApp, to: string): Promise<string> {
  const mail = await t.smtp.waitFor(to, { subject: /invit/i });
  const code = /code: ([0-9A-Z-]{19})/.exec(mail.text)?.[1];
  expect(code, mail.text).toBeDefined();
  return code!;
}

/** A staff-to-be with a second factor on (clinic pages need one). */
export async function userWithSecondFactor(t: TestApp, overrides: Parameters<typeof createTestUser>[1] = {}) {
  const u = await createTestUser(t, overrides);
  await enrolTotp(t, u);
  return u;
}

/** A clinic made as the CLI makes it, with `admin` (an existing account) as its administrator. */
export async function createClinicWithAdmin(t: TestApp, admin: TestUser, name = 'Clinique du Parc') {
  const { clinic } = await createStaffService(t.app.ctx).createClinic({
    name,
    adminEmail: admin.user.email,
    invitedBy: admin.user.id,
  });
  return clinic;
}

/** A clinic made as the CLI makes it, its admin an existing account with a second factor. */
export async function createClinic(t: TestApp, name = 'Clinique du Parc') {
  const admin = await userWithSecondFactor(t);
  return { clinic: await createClinicWithAdmin(t, admin, name), admin };
}

/** A staff member invited by the admin and joined through the mailed code. */
export async function joinStaff(
  t: TestApp,
  clinicId: string,
  admin: ApiClient,
  role: ClinicRole,
): Promise<TestUser> {
  const member = await userWithSecondFactor(t);
  const sent = await admin.post(`/api/clinics/${clinicId}/staff/invitations`, {
    email: member.user.email,
    role,
  });
  expect(sent.statusCode, sent.body).toBe(201);
  const code = await mailedCode(t, member.user.email);
  const joined = await member.client.post('/api/clinic-invitations/staff/accept', {}, codeHeader(code));
  expect(joined.statusCode, joined.body).toBe(200);
  return member;
}

/** A patient enrolled through a printed code, sharing `categories`. */
export async function enrolPatient(
  t: TestApp,
  clinicId: string,
  staff: ApiClient,
  categories: string[] = ['blood_pressure', 'weight'],
  patient?: TestUser,
): Promise<TestUser> {
  const p = patient ?? (await createTestUser(t));
  const invited = await staff.post(`/api/clinics/${clinicId}/patient-invitations`, {});
  expect(invited.statusCode, invited.body).toBe(201);
  const { code } = invited.json();
  const view = (await p.client.get('/api/clinic-invitations', codeHeader(code))).json();
  const accepted = await p.client.post(
    '/api/clinic-invitations/patient/accept',
    { categories, termsVersion: view.termsVersion, wordingVersion: view.wording.version },
    codeHeader(code),
  );
  expect(accepted.statusCode, accepted.body).toBe(200);
  return p;
}

export function ago(t: TestApp, hours: number): string {
  return new Date(t.clock.now().getTime() - hours * 3600_000).toISOString();
}

/** A blood-pressure reading taken `hoursAgo` on the test clock (201 expected): the response. */
export async function postBloodPressure(
  t: TestApp,
  client: ApiClient,
  mmHg: [number, number],
  hoursAgo = 0.01,
) {
  const res = await client.post('/api/health-data/readings', {
    takenAt: ago(t, hoursAgo),
    measures: [
      { metric: 'systolic_bp', value: mmHg[0], unit: 'mmHg' },
      { metric: 'diastolic_bp', value: mmHg[1], unit: 'mmHg' },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res;
}
